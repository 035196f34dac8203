package registrytest_test

import (
	"github.com/dockerlab/dockerlab/server/internal/registrytest"
	"net/http"
	"testing"
)

func TestStart(t *testing.T) {
	for _, auth := range []bool{false, true} {
		r := registrytest.Start(t, registrytest.Options{Auth: auth})
		res, err := http.Get("http://" + r.Host + "/v2/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		want := 200
		if auth {
			want = 401
		}
		if res.StatusCode != want {
			t.Fatalf("auth %v: %d", auth, res.StatusCode)
		}
		if auth {
			req, _ := http.NewRequest("GET", "http://"+r.Host+"/v2/", nil)
			req.SetBasicAuth(r.Username, r.Password)
			res, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("with password: %d %s", res.StatusCode, r.Log())
			}
		}
	}
}
