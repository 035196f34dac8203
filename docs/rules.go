package docs

import (
	"strings"
	"sync"
)

// RuleMessage is one row of rules/messages.md: the severity of a lint rule
// and the Korean message shown in the editor, with {1}, {2}, … standing for
// the details of the finding.
type RuleMessage struct {
	Severity string // error, warning, info or hint
	Template string
}

var (
	ruleOnce     sync.Once
	ruleMessages map[string]RuleMessage
)

// RuleMessages returns the table of rules/messages.md by rule name.
func RuleMessages() map[string]RuleMessage {
	ruleOnce.Do(func() { ruleMessages = parseRuleTable(read("rules/messages.md")) })
	return ruleMessages
}

// parseRuleTable reads the rows of a `| 규칙 | 심각도 | 메시지 |` table.
func parseRuleTable(md string) map[string]RuleMessage {
	out := map[string]RuleMessage{}
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 3 {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cells[0]), "`")
		sev := strings.TrimSpace(cells[1])
		if name == "" || name == "규칙" || strings.HasPrefix(name, "---") {
			continue
		}
		out[name] = RuleMessage{Severity: sev, Template: strings.TrimSpace(cells[2])}
	}
	return out
}
