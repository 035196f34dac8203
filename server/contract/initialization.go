package contract

// InitializationOptions are the initializationOptions of the initialize
// request: all a client sends to say whether Docker actions may run and
// which settings hold from the start. dockerlab's extension sends them; a
// client of another editor writes them by hand (docs/editors.md), so each
// field is documented for people in InitializationFields. The server
// decodes the same JSON names (a test compares them with server/lsp).
type InitializationOptions struct {
	// Trusted turns the Docker actions on: without `"trusted": true` the
	// server answers language features only and refuses every lab command.
	Trusted bool `json:"trusted"`
	// Settings are the dockerlab.* settings (Configuration), each missing
	// one at its default. The only place dockerlab.docker.host is read.
	Settings Settings `json:"settings"`
}

// InitializationField documents one field of InitializationOptions for the
// editors' guide, in both of its languages.
type InitializationField struct {
	// JSON is the field's JSON name in InitializationOptions.
	JSON string
	// Default is the value when the field is missing, as the guide writes
	// it in each language.
	DefaultKorean, DefaultEnglish string
	// Korean and English say what the field does (Markdown).
	Korean, English string
}

// InitializationFields documents every field of InitializationOptions, in
// its order.
var InitializationFields = []InitializationField{
	{
		JSON: "trusted", DefaultKorean: "`false`", DefaultEnglish: "`false`",
		Korean: "`true` 값이면 편집기에서 연 Dockerfile과 Compose 파일로 Docker 명령(빌드, 실행, 푸시, Compose 실행)을 실행합니다. " +
			"없거나 `false` 값이면 언어 기능(호버, 자동 완성, 진단, 서식 …)만 답하고 실습 명령은 모두 거절합니다. " +
			"믿을 수 없는 저장소를 열 때는 `false` 값으로 둡니다. VS Code 확장은 작업 영역을 신뢰하는지에 따라 이 값을 보냅니다.",
		English: "With `true`, the server runs Docker actions (build, run, push, Compose) for the Dockerfiles and Compose files " +
			"opened in the editor. Missing or `false`: it answers language features only (hover, completion, diagnostics, " +
			"formatting …) and refuses every lab command. Keep it `false` when you open a repository you do not trust. " +
			"The VS Code extension sends whether the workspace is trusted.",
	},
	{
		JSON: "settings", DefaultKorean: "모든 설정이 기본값", DefaultEnglish: "every setting at its default",
		Korean: "아래 설정 표의 설정입니다. 설정 이름에서 `dockerlab.` 뒤의 부분을 점마다 객체 하나로 적습니다" +
			"(`dockerlab.build.tag` → `{\"build\": {\"tag\": \"getting-started\"}}`). 적지 않은 설정은 기본값을 씁니다. " +
			"`dockerlab.docker.host` 설정은 여기에서만 읽습니다.",
		English: "The settings of the table below. Write each setting's name after `dockerlab.` as one object per dot " +
			"(`dockerlab.build.tag` → `{\"build\": {\"tag\": \"getting-started\"}}`). A setting left out keeps its default. " +
			"`dockerlab.docker.host` is read here only.",
	},
}
