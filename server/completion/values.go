package completion

import "strings"

// commonPorts are ports a learner's app likely listens on, web apps first.
var commonPorts = []value{
	{"3000", "Node.js(Express), Rails, Next.js 개발 서버가 흔히 씁니다."},
	{"8080", "HTTP 대체 포트입니다. Tomcat, Spring Boot가 흔히 씁니다."},
	{"80", "HTTP 기본 포트입니다. nginx, Apache가 씁니다."},
	{"443", "HTTPS 기본 포트입니다."},
	{"8000", "Django, Python `http.server`가 흔히 씁니다."},
	{"5000", "Flask가 흔히 씁니다."},
	{"5432", "PostgreSQL 기본 포트입니다."},
	{"3306", "MySQL, MariaDB 기본 포트입니다."},
	{"6379", "Redis 기본 포트입니다."},
	{"27017", "MongoDB 기본 포트입니다."},
}

var protocols = []value{
	{"tcp", "TCP 포트입니다(기본값)."},
	{"udp", "UDP 포트입니다."},
}

// exposePorts completes an EXPOSE port, or its protocol after `/`. Ports
// already on the line are left out.
func (c *cursor) exposePorts() *List {
	p := c.partial()
	if slash := strings.IndexByte(p, '/'); slash >= 0 {
		return &List{Span: c.spanFrom(c.wordStart+slash+1, isLetter), Items: valueItems(protocols, "instruction/EXPOSE")}
	}
	written := map[string]bool{}
	for _, w := range c.args() {
		port, _, _ := strings.Cut(w.Value, "/")
		written[port] = true
	}
	l := &List{Span: c.spanFrom(c.wordStart, func(b byte) bool { return b >= '0' && b <= '9' })}
	for _, v := range commonPorts {
		if !written[v.label] {
			l.Items = append(l.Items, Item{Label: v.label, Kind: Value, Detail: v.detail, Text: v.label, Doc: "instruction/EXPOSE"})
		}
	}
	return l
}

// stopSignals are the signals a container is commonly stopped with.
var stopSignals = []value{
	{"SIGTERM", "정상 종료를 요청합니다(기본값). 앱이 정리할 시간을 받습니다."},
	{"SIGINT", "Ctrl+C와 같습니다. 이 시그널로만 정상 종료하는 앱에 씁니다."},
	{"SIGQUIT", "nginx 같은 서버의 정상 종료(graceful shutdown)에 씁니다."},
	{"SIGWINCH", "Apache `httpd`의 정상 종료에 씁니다."},
	{"SIGHUP", "터미널이 끊겼음을 알립니다. 설정을 다시 읽는 앱이 많습니다."},
	{"SIGUSR1", "앱이 정한 동작을 합니다."},
	{"SIGUSR2", "앱이 정한 동작을 합니다."},
	{"SIGKILL", "곧바로 강제 종료합니다. 앱이 정리할 수 없어 권하지 않습니다."},
}

func (c *cursor) signals() *List {
	return &List{Span: c.wordSpan(isNameChar), Items: valueItems(stopSignals, "instruction/STOPSIGNAL")}
}

// shellValues are common SHELL arrays; Windows shells first in a file whose
// escape character is a backtick (a Windows Dockerfile).
var shellValues = []value{
	{`["/bin/bash", "-o", "pipefail", "-c"]`, "`bash`로 실행하고 파이프 중간의 실패도 잡습니다."},
	{`["/bin/bash", "-c"]`, "`bash`로 실행합니다."},
	{`["/bin/sh", "-c"]`, "Linux의 기본값입니다."},
	{`["/bin/ash", "-eo", "pipefail", "-c"]`, "Alpine의 `ash`로 실행하고 파이프 중간의 실패도 잡습니다."},
	{`["powershell", "-Command"]`, "Windows PowerShell로 실행합니다."},
	{`["cmd", "/S", "/C"]`, "Windows의 기본값입니다."},
}

func (c *cursor) shells() *List {
	p := c.partial()
	if p != "" && p[0] != '[' {
		return nil
	}
	vals := shellValues
	if c.escape == '`' {
		vals = append(append([]value{}, shellValues[4:]...), shellValues[:4]...)
	}
	return &List{Span: c.wordSpan(isWordChar), Items: valueItems(vals, "instruction/SHELL")}
}
