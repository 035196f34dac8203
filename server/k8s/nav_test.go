package k8s

import (
	"slices"
	"strings"
	"testing"
)

// TestLocate finds the object and key path at the `|` of each text, also
// in the second document and while the document is half-written.
func TestLocate(t *testing.T) {
	const two = "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          ima|\n"
	for _, tc := range []struct {
		text, av, kind, path string
		onKey                bool
	}{
		{text: "apiVersion: v1\nkind: Pod\nspec:\n  contai|\n", av: "v1", kind: "Pod", path: "spec", onKey: true},
		{text: "apiVersion: v1\nkind: Service\nspec:\n  type: Node|Port\n", av: "v1", kind: "Service", path: "spec/type"},
		{text: two, av: "apps/v1", kind: "Deployment", path: "spec/template/spec/containers/[]", onKey: true},
		{text: strings.Replace(two, "ima|", "image: x", 1) + "", av: "apps/v1", kind: "Deployment"},
		{text: "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - po|rt: 80\n---\napiVersion: apps/v1\nkind: Deployment\n", av: "v1", kind: "Service", path: "spec/ports/[]/port", onKey: true},
		{text: "# a comment\napiVersion: 'v1'\nkind: \"Pod\" # quoted\nmetadata:\n  na|\n", av: "v1", kind: "Pod", path: "metadata", onKey: true},
		{text: "kind: Pod\n|", kind: "Pod", onKey: true},
	} {
		off := strings.Index(tc.text, "|")
		text := strings.Replace(tc.text, "|", "", 1)
		if off < 0 {
			off = len(text)
		}
		p := Locate(text, off)
		if p.APIVersion != tc.av || p.Kind != tc.kind {
			t.Errorf("%q: object %q %q, want %q %q", tc.text, p.APIVersion, p.Kind, tc.av, tc.kind)
		}
		if tc.path == "" {
			continue
		}
		if got := strings.Join(p.Loc.Path(), "/"); got != tc.path || p.Loc.OnKey != tc.onKey {
			t.Errorf("%q: path %q onKey %v, want %q %v", tc.text, got, p.Loc.OnKey, tc.path, tc.onKey)
		}
	}
}

func TestField(t *testing.T) {
	a := mustLoad(t)
	for _, tc := range []struct {
		av, kind, path, owner, typ string
	}{
		{"apps/v1", "Deployment", "spec/template/spec/containers/[]/image", "io.k8s.api.core.v1.Container", "string"},
		{"apps/v1", "Deployment", "spec/replicas", "io.k8s.api.apps.v1.DeploymentSpec", "integer (int32)"},
		{"v1", "Service", "spec/ports/[]/targetPort", "io.k8s.api.core.v1.ServicePort", "IntOrString"},
		{"v1", "Pod", "metadata/labels", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "map[string]string"},
		{"v1", "Pod", "metadata/labels/app", "", "string"},
		{"networking.k8s.io/v1", "Ingress", "spec/rules/[]/http/paths/[]/pathType", "io.k8s.api.networking.v1.HTTPIngressPath", "string"},
	} {
		fi, ok := a.Field(tc.av, tc.kind, strings.Split(tc.path, "/"))
		if !ok {
			t.Errorf("%s %s: not found", tc.kind, tc.path)
			continue
		}
		if fi.Owner != tc.owner || a.TypeName(fi.Prop) != tc.typ {
			t.Errorf("%s %s: owner %q type %q, want %q %q", tc.kind, tc.path, fi.Owner, a.TypeName(fi.Prop), tc.owner, tc.typ)
		}
	}
	for _, path := range []string{"spec/replicaz", "spec/template/spec/containers/[]/image/x", "status/nothing"} {
		if _, ok := a.Field("apps/v1", "Deployment", strings.Split(path, "/")); ok {
			t.Errorf("Deployment %s: found, want not", path)
		}
	}
	if _, ok := a.Field("example.com/v1", "Widget", nil); ok {
		t.Error("a custom resource has no fields here")
	}
}

func TestKeysAndValues(t *testing.T) {
	a := mustLoad(t)
	keys := a.Keys("apps/v1", "Deployment", nil)
	var names []string
	for _, k := range keys {
		names = append(names, k.Name)
	}
	if len(names) < 3 || !slices.Equal(names[:3], []string{"apiVersion", "kind", "metadata"}) || !slices.Contains(names, "spec") {
		t.Errorf("Deployment's top keys = %v, want apiVersion, kind, metadata first and spec", names)
	}
	if slices.Contains(names, "status") {
		t.Error("status is the server's, not the manifest's")
	}
	for _, k := range a.Keys("apps/v1", "Deployment", []string{"metadata"}) {
		if k.Name == "uid" || k.Name == "creationTimestamp" || k.Name == "resourceVersion" {
			t.Errorf("metadata offers the read-only %s", k.Name)
		}
	}
	ctr := a.Keys("v1", "Pod", []string{"spec", "containers", "[]"})
	byName := map[string]Key{}
	for _, k := range ctr {
		byName[k.Name] = k
	}
	if !byName["name"].Required || !byName["ports"].List || !byName["ports"].Object || byName["image"].Object || !byName["resources"].Object {
		t.Errorf("container keys: %+v", byName)
	}
	for _, tc := range []struct {
		av, kind, path string
		want           []string
	}{
		{"v1", "Pod", "spec/containers/[]/imagePullPolicy", []string{"IfNotPresent", "Always", "Never"}},
		{"v1", "Service", "spec/type", []string{"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"}},
		{"apps/v1", "Deployment", "spec/paused", []string{"true", "false"}},
		{"apps/v1", "Deployment", "spec/replicas", nil},
	} {
		if got := a.Values(tc.av, tc.kind, strings.Split(tc.path, "/")); !slices.Equal(got, tc.want) {
			t.Errorf("%s %s: values %v, want %v", tc.kind, tc.path, got, tc.want)
		}
	}
	if got := a.Values("apps/v1", "", []string{"kind"}); !slices.Contains(got, "Deployment") || slices.Contains(got, "Pod") {
		t.Errorf("kinds of apps/v1 = %v", got)
	}
	if got := a.Values("", "Ingress", []string{"apiVersion"}); !slices.Equal(got, []string{"networking.k8s.io/v1"}) {
		t.Errorf("apiVersions of Ingress = %v", got)
	}
}

// TestEnumsFromDescriptions: every value dockerlab proposes for a field is
// named in the API's own description of that field.
func TestEnumsFromDescriptions(t *testing.T) {
	a := mustLoad(t)
	for key, values := range enums {
		i := strings.LastIndex(key, ".")
		def, field := a.Defs[key[:i]], key[i+1:]
		if def == nil || def.Props[field] == nil {
			t.Errorf("%s: no such field in the API", key)
			continue
		}
		desc := def.Props[field].Desc
		for _, v := range values {
			if !strings.Contains(desc, v) {
				t.Errorf("%s: %q is not in its description %q", key, v, desc)
			}
		}
	}
}

func TestDocPath(t *testing.T) {
	for _, tc := range []struct{ kind, path, want string }{
		{"Deployment", "", "deployment"},
		{"Deployment", "apiVersion", "common/apiversion"},
		{"Service", "metadata/name", "common/metadata/name"},
		{"Deployment", "spec/template/metadata/labels", "common/metadata/labels"},
		{"Deployment", "spec/template/spec/containers/[]/image", "container/image"},
		{"Deployment", "spec/template/spec/containers/[]/ports/[]/containerPort", "container/ports/containerport"},
		{"Pod", "spec/containers/[]/readinessProbe", "container/readinessprobe"},
		{"Deployment", "spec/template/spec/restartPolicy", "pod/spec/restartpolicy"},
		{"Deployment", "spec/template/spec/containers", "pod/spec/containers"},
		{"Deployment", "spec/selector/matchLabels", "deployment/spec/selector/matchlabels"},
		{"Ingress", "spec/rules/[]/http/paths/[]/pathType", "ingress/spec/rules/http/paths/pathtype"},
		{"Deployment", "spec/template/metadata/name", "deployment/spec/template/metadata/name"},
	} {
		var path []string
		if tc.path != "" {
			path = strings.Split(tc.path, "/")
		}
		if got := DocPath(tc.kind, path); got != tc.want {
			t.Errorf("DocPath(%s, %s) = %q, want %q", tc.kind, tc.path, got, tc.want)
		}
	}
	if got := ExplainPath("Deployment", strings.Split("spec/template/spec/containers/[]/image", "/")); got != "deployment.spec.template.spec.containers.image" {
		t.Errorf("ExplainPath = %q", got)
	}
}

func TestSchemaPage(t *testing.T) {
	a := mustLoad(t)
	md := a.SchemaPage("apps/v1", "Deployment", []string{"spec", "minReadySeconds"})
	for _, want := range []string{"**`minReadySeconds`** · `integer (int32)`", "Minimum number of seconds", "`kubectl explain deployment.spec.minReadySeconds`", APIReference} {
		if !strings.Contains(md, want) {
			t.Errorf("SchemaPage lacks %q:\n%s", want, md)
		}
	}
	if a.SchemaPage("apps/v1", "Deployment", []string{"spec", "nope"}) != "" {
		t.Error("a page for an unknown field")
	}
}

func mustLoad(t *testing.T) *API {
	t.Helper()
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return a
}
