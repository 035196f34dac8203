package engine

import "testing"

// The snapshotter is read from the sections kind reads (containerd config
// versions 2 and 3), not from another plugin's.
func TestSnapshotter(t *testing.T) {
	for dump, want := range map[string]string{
		"version = 3\n[plugins.'io.containerd.cri.v1.images']\n  snapshotter = 'overlayfs'\n  use_local_image_pull = false\n":                                             "overlayfs",
		"version = 3\n[plugins.'io.containerd.transfer.v1.local']\n  snapshotter = 'native'\n[plugins.'io.containerd.cri.v1.images']\n  snapshotter = 'fuse-overlayfs'\n": "fuse-overlayfs",
		"version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  snapshotter = \"native\"\n[plugins.other]\n":                                                  "native",
		"version = 3\n": "overlayfs",
	} {
		if got := snapshotter(dump); got != want {
			t.Errorf("snapshotter(%q) = %q, want %q", dump, got, want)
		}
	}
}
