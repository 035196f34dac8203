package fileuri

import "testing"

func TestPathFor(t *testing.T) {
	tests := []struct {
		uri, goos, want string
		ok              bool
	}{
		{"file:///home/jiwoo/lab/Dockerfile", "linux", "/home/jiwoo/lab/Dockerfile", true},
		{"file:///home/jiwoo/%EC%8B%A4%EC%8A%B5%20%ED%8F%B4%EB%8D%94/Dockerfile", "linux", "/home/jiwoo/실습 폴더/Dockerfile", true},
		{"file://localhost/home/jiwoo/Dockerfile", "darwin", "/home/jiwoo/Dockerfile", true},
		{"file:///Users/jiwoo/lab/compose.yaml", "darwin", "/Users/jiwoo/lab/compose.yaml", true},
		// VS Code on Windows: lower-case drive, the colon encoded.
		{"file:///c%3A/Users/jiwoo/lab/Dockerfile", "windows", `c:\Users\jiwoo\lab\Dockerfile`, true},
		// Neovim and others on Windows.
		{"file:///C:/Users/jiwoo/lab/Dockerfile", "windows", `C:\Users\jiwoo\lab\Dockerfile`, true},
		{"file:///d%3A/%EC%8B%A4%EC%8A%B5/Dockerfile", "windows", `d:\실습\Dockerfile`, true},
		{"file://fileserver/share/lab/Dockerfile", "windows", `\\fileserver\share\lab\Dockerfile`, true},
		{"file://fileserver/share/lab/Dockerfile", "linux", "", false},
		{"untitled:Untitled-1", "linux", "", false},
		{"untitled:Untitled-1", "windows", "", false},
		{"vscode-notebook-cell:/x.ipynb#W0", "linux", "", false},
		{"file:///bad%zzescape", "linux", "", false},
		{"file:", "linux", "", false},
		{"", "linux", "", false},
	}
	for _, tt := range tests {
		got, ok := PathFor(tt.uri, tt.goos)
		if got != tt.want || ok != tt.ok {
			t.Errorf("PathFor(%q, %s) = %q, %v; want %q, %v", tt.uri, tt.goos, got, ok, tt.want, tt.ok)
		}
	}
}

func TestURIFor(t *testing.T) {
	tests := []struct{ path, goos, want string }{
		{"/home/jiwoo/lab/Dockerfile", "linux", "file:///home/jiwoo/lab/Dockerfile"},
		{"/home/jiwoo/실습 폴더/Dockerfile", "linux", "file:///home/jiwoo/%EC%8B%A4%EC%8A%B5%20%ED%8F%B4%EB%8D%94/Dockerfile"},
		{`C:\Users\jiwoo\lab\Dockerfile`, "windows", "file:///c%3A/Users/jiwoo/lab/Dockerfile"},
		{`c:\Users\jiwoo\my lab\Dockerfile`, "windows", "file:///c%3A/Users/jiwoo/my%20lab/Dockerfile"},
		{`\\fileserver\share\lab\Dockerfile`, "windows", "file://fileserver/share/lab/Dockerfile"},
	}
	for _, tt := range tests {
		if got := URIFor(tt.path, tt.goos); got != tt.want {
			t.Errorf("URIFor(%q, %s) = %q; want %q", tt.path, tt.goos, got, tt.want)
		}
	}
}

// A path survives the round trip on each system, and a URI VS Code sent
// comes back as VS Code wrote it.
func TestRoundTrip(t *testing.T) {
	for _, tt := range []struct{ uri, goos string }{
		{"file:///home/jiwoo/%EC%8B%A4%EC%8A%B5/Dockerfile", "linux"},
		{"file:///c%3A/Users/jiwoo/lab/Dockerfile", "windows"},
		{"file:///c%3A/Users/jiwoo/%EC%8B%A4%EC%8A%B5%20%ED%8F%B4%EB%8D%94/compose.yaml", "windows"},
		{"file://fileserver/share/lab/Dockerfile", "windows"},
	} {
		p, ok := PathFor(tt.uri, tt.goos)
		if !ok {
			t.Fatalf("PathFor(%q) failed", tt.uri)
		}
		if back := URIFor(p, tt.goos); back != tt.uri {
			t.Errorf("%s: %q -> %q -> %q", tt.goos, tt.uri, p, back)
		}
	}
}

func FuzzPathFor(f *testing.F) {
	f.Add("file:///c%3A/Users/x/Dockerfile")
	f.Add("file://server/share/x")
	f.Add("untitled:1")
	f.Fuzz(func(t *testing.T, u string) {
		for _, goos := range []string{"linux", "windows"} {
			if p, ok := PathFor(u, goos); ok && p == "" {
				t.Fatalf("%s: ok with an empty path for %q", goos, u)
			}
		}
	})
}
