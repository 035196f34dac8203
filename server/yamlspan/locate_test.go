package yamlspan

import (
	"strings"
	"testing"
)

// TestLocate reads the key path at the `|` of each text.
func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		text, parent, key, word string
		onKey, inValue, item    bool
	}{
		{text: "serv|", parent: "", word: "serv", onKey: true},
		{text: "services:\n  app:\n    ima|ge: node\n", parent: "services/app", key: "image", word: "ima", onKey: true},
		{text: "services:\n  app:\n    image: no|de\n", parent: "services/app", key: "image", word: "no", inValue: true},
		{text: "services:\n  app:\n    |\n", parent: "services/app", onKey: true},
		{text: "services:\n  app:\n    ports:\n      - \"127.0.0.1:3000:3000\"\n      - |\n", parent: "services/app/ports/[]", item: true, inValue: true, onKey: true},
		{text: "services:\n  app:\n    ports:\n      - target: 3000\n        pub|\n", parent: "services/app/ports/[]", word: "pub", onKey: true},
		{text: "services:\n  app:\n    ports:\n      - target: 3000\n        published: 80|80\n", parent: "services/app/ports/[]", key: "published", word: "80", inValue: true},
		{text: "services:\n  app:\n    ports:\n    - tar|", parent: "services/app/ports/[]", word: "tar", item: true, inValue: true, onKey: true},
		{text: "services:\n  app:\n    depends_on:\n      db:\n        condition: |\n", parent: "services/app/depends_on/db", key: "condition", inValue: true},
		{text: "services:\n  app:\n    build:\n      context: .\n\n      # note\n      tar|\n", parent: "services/app/build", word: "tar", onKey: true},
		{text: "volumes:\n  data:\n    dri|\nservices:\n", parent: "volumes/data", word: "dri", onKey: true},
		{text: "services:\n  \"app\":\n    restart: \"no|\"\n", parent: "services/app", key: "restart", word: "no", inValue: true},
		{text: "x-common: &c\n  restart: always\nservices:\n  app:\n    <<: *c\n    |", parent: "services/app", onKey: true},
	} {
		off := strings.Index(tc.text, "|")
		text := tc.text[:off] + tc.text[off+1:]
		loc := Locate(text, off)
		got := strings.Join(loc.Parent, "/")
		if got != tc.parent || loc.Key != tc.key || loc.OnKey != tc.onKey || loc.InValue != tc.inValue || loc.Item != tc.item || loc.Word != tc.word {
			t.Errorf("%q:\n got parent=%q key=%q word=%q onKey=%v inValue=%v item=%v\nwant parent=%q key=%q word=%q onKey=%v inValue=%v item=%v",
				tc.text, got, loc.Key, loc.Word, loc.OnKey, loc.InValue, loc.Item, tc.parent, tc.key, tc.word, tc.onKey, tc.inValue, tc.item)
		}
	}
}
