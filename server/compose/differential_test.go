package compose

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// The embedded schema is compose-go's, byte for byte.
func TestSchemaIsComposeGos(t *testing.T) {
	if specJSON != schema.Schema {
		t.Fatal("server/compose/compose-spec.json differs from compose-go's schema/compose-spec.json: copy it again")
	}
}

// reference is a full JSON Schema validator on the same schema (test-only:
// linking it costs every process 10 ms at start).
func reference(t testing.TB) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("compose-spec.json", doc); err != nil {
		t.Fatal(err)
	}
	// As compose-go compiles it: the one format it registers.
	c.RegisterFormat(&jsonschema.Format{Name: "duration", Validate: func(v any) error {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("expected string")
		}
		_, err := time.ParseDuration(s)
		return err
	}})
	s, err := c.Compile("compose-spec.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// documents are Compose files to judge: the fixtures, and mutations of
// them (a key misspelt, a value of another type, a list where a mapping
// goes, a bad enum value, a key removed).
func documents(r *rand.Rand) []string {
	base := []string{labCompose,
		"services:\n  web:\n    build:\n      context: .\n      dockerfile: Dockerfile\n      target: dev\n      args:\n        A: 1\n    ports:\n      - target: 80\n        published: \"8080\"\n        protocol: tcp\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 10s\n      retries: 3\n    deploy:\n      resources:\n        limits:\n          cpus: \"0.5\"\n          memory: 50M\n    networks: [front]\n    secrets: [s]\nnetworks:\n  front: {}\nsecrets:\n  s:\n    file: ./s.txt\n",
		"name: demo\ninclude:\n  - other.yaml\nservices:\n  a:\n    image: a\n    profiles: [debug]\n    restart: always\n    develop:\n      watch:\n        - path: ./src\n          action: sync\n          target: /app/src\n    extends:\n      file: base.yaml\n      service: base\n",
	}
	base = append(base, "services:\n  a:\n    image: a\n    healthcheck:\n      interval: 5x\n      timeout: 3s\n    stop_grace_period: 1m30s\n",
		"services:\n  a:\n    image: a\n    stop_grace_period: 90\n")
	out := append([]string{}, base...)
	values := []string{"1", "true", "[]", "{}", "\"x\"", "null", "[1, 2]", "{a: b}", "1.5", "-3", "service_healthy"}
	for _, b := range base {
		lines := strings.Split(b, "\n")
		for i := 0; i < 200; i++ {
			ls := append([]string{}, lines...)
			j := r.Intn(len(ls))
			line := ls[j]
			k := strings.Index(line, ":")
			if k <= 0 {
				continue
			}
			switch r.Intn(3) {
			case 0: // misspell the key
				key := strings.TrimLeft(line[:k], " -")
				if len(key) > 2 {
					pos := strings.Index(line, key)
					key = key[:1] + key[2:3] + key[1:2] + key[3:]
					ls[j] = line[:pos] + key + line[pos+len(key):]
				}
			case 1: // another value
				ls[j] = line[:k+1] + " " + values[r.Intn(len(values))]
			case 2: // drop the line
				ls = append(ls[:j], ls[j+1:]...)
			}
			out = append(out, strings.Join(ls, "\n"))
		}
	}
	return out
}

// The product's small validator and a full JSON Schema validator agree on
// which files are valid, and the small one places an error on every file
// the full one rejects.
func TestValidatorAgreesWithJSONSchema(t *testing.T) {
	ref := reference(t)
	s, err := spec()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	judged, invalid := 0, 0
	for _, text := range documents(r) {
		var doc yaml.Node
		if yaml.Unmarshal([]byte(text), &doc) != nil || len(doc.Content) == 0 {
			continue
		}
		v, err := toValue(doc.Content[0])
		if err != nil {
			continue
		}
		b, _ := json.Marshal(v)
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err != nil {
			continue
		}
		refValid := ref.Validate(inst) == nil
		ours := s.check(v, nil)
		judged++
		if !refValid {
			invalid++
		}
		if refValid != (len(ours) == 0) {
			t.Errorf("verdicts differ (reference valid %v, ours %d errors %s):\n%s", refValid, len(ours), fmt.Sprint(ours), text)
		}
	}
	if judged < 400 || invalid < 150 {
		t.Errorf("judged %d documents, %d invalid: too few to mean anything", judged, invalid)
	}
	t.Logf("%d documents judged alike, %d of them invalid", judged, invalid)
}

// The project name rule is compose-go's.
func TestNormalizeProjectNameIsComposeGos(t *testing.T) {
	for _, s := range []string{"getting-started", "Getting Started!", "_lab", "--x", "한글폴더", "app.v2", "My_Lab", ""} {
		if got, want := NormalizeProjectName(s), loader.NormalizeProjectName(s); got != want {
			t.Errorf("NormalizeProjectName(%q) = %q, compose-go says %q", s, got, want)
		}
	}
}
