package lint

import (
	"strings"

	"github.com/distribution/reference"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// dockerlabRules are the catalogue's entries for dockerlab's own rules:
// the beginner rules for the mistakes learners make most, in the order of
// docs/rules/README.md, each with its quick fix (written next to the rule's
// check), then dockerlab's notice that BuildKit's checks were skipped. Each
// beginner rule has a page docs/rules/<name>.md and a row in
// docs/rules/messages.md, which give its severity and Korean message;
// `# check=skip=<name>` and the dockerlab.lint.skip setting turn it off like
// any BuildKit rule.
func dockerlabRules() []Rule {
	own := func(name string, fix fixFunc) Rule {
		return Rule{Name: name, Source: Dockerlab, Severity: Warning, fix: fix}
	}
	return []Rule{
		own("PinBaseImageTag", nil),
		own("AptGetInstallYes", aptYesFix),
		own("AptNoInstallRecommends", noInstallRecommendsFix),
		own("AptCleanLists", aptCleanListsFix),
		own("AptUpdateAlone", mergeWithNextRun),
		own("WorkdirInsteadOfCd", workdirFix),
		own("CopyInsteadOfAdd", copyInsteadOfAddFix),
		own("PipNoCacheDir", pipNoCacheDirFix),
		own("ApkNoCache", apkNoCacheFix),
		own("NoSudo", noSudoFix),
		own("PipefailForPipes", pipefailFix),
		own("NpmCiInsteadOfInstall", npmCiFix),
		own("LastUserRoot", nil),
		own("ConsecutiveRuns", consecutiveRunsFix),
		{Name: "ExposePortRange", Source: Dockerlab, Severity: Warning, explainsStop: "invalid containerPort"},
		own("CopySourceMissing", copySourceFix),
		{Name: "ChecksSkipped", Source: Dockerlab, Severity: Information, Href: buildChecksURL},
	}
}

// shellCacheMin is the fewest instructions for which a document's cache
// keeps how its RUNs read: below it, reading them again after an edit
// costs less than a millisecond, and hundreds of open documents would each
// keep a copy.
var shellCacheMin = 200 // a variable for the tests, which read small files

// beginnerFindings runs dockerlab's own rules; bc is the build context for
// the rules that look at files.
func beginnerFindings(m *dockerfile.Model, bc *buildContext, cache *Cache) []Finding {
	var out []Finding
	for _, f := range pinBaseImageTag(m) {
		if !templatedImage(m, f) && !localImage(f.arg(0)) {
			out = append(out, f)
		}
	}
	var runs []runScript
	if len(m.Instructions) < shellCacheMin {
		cache = nil // reading a few RUNs again costs less than keeping them
	}
	for _, in := range m.Instructions {
		if r, ok := shellRunCached(m, in, cache); ok {
			runs = append(runs, r)
		}
	}
	conf := readAptConfigKeys(m)
	for _, r := range runs {
		out = append(out, aptFindings(m, r, conf)...)
		out = append(out, packageFindings(m, r, bc)...)
		out = append(out, shellFindings(m, r)...)
	}
	out = append(out, consecutiveRuns(m)...)
	out = append(out, copyFindings(m, bc)...)
	out = append(out, lastUserRoot(m)...)
	out = append(out, exposePortRange(m)...)
	return out
}

// finding makes a finding of one of dockerlab's rules with its severity,
// Korean message (args fill {1}, {2}, …) and the link on its page, all from
// the catalogue.
func finding(name string, span dockerfile.Span, args ...string) Finding {
	r := rule(name)
	return Finding{
		Span:     span,
		Severity: r.Severity,
		Code:     name,
		Message:  fillTemplate(r.Message, args),
		Href:     r.Href,
		args:     args,
	}
}

// templatedImage reports whether a PinBaseImageTag finding is on a FROM
// that is a template rather than a Dockerfile line: the image is filled in
// by a generator (`{{ .From }}`, `%%IMAGE%%`, `${BASE}`-style parts a
// script substitutes) or is no image reference Docker could pull at all
// (`FROM BASEIMAGE`, upper case, which a build script replaces). Whatever
// tag the generator writes is its business; quoting a fragment such as
// `mcr.microsoft.com/windows/{{` as an image would teach nothing.
func templatedImage(m *dockerfile.Model, f Finding) bool {
	in := m.InstructionAt(f.Span.Start)
	if in != nil {
		line := m.Text[in.Span.Start:in.Span.End]
		if strings.Contains(line, "{{") || strings.Contains(line, "}}") || strings.Contains(line, "%%") {
			return true
		}
	}
	_, err := reference.ParseNormalizedNamed(f.arg(0))
	return err != nil
}

// localImage reports whether an image reference can only name an image
// built on this machine: a single name (no registry, no namespace) that is
// none of Docker Hub's official images, such as `bats-jenkins`, which a
// test script builds and tags just before. Docker Hub keeps single names
// for its official images, so nothing else of that shape can be pulled,
// and there is no published version tag to pin.
func localImage(ref string) bool {
	if strings.Contains(ref, "/") {
		return false // a registry or a namespace: something that can be pulled
	}
	name, _, _ := strings.Cut(ref, ":")
	return !officialImages[strings.ToLower(name)]
}

// officialImages are the repositories of Docker Hub's official images
// (docker.io/library/…), deprecated ones included, as listed by
// docker-library/official-images.
var officialImages = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`
adminer aerospike almalinux alpine alt amazoncorretto amazonlinux api-firewall arangodb archlinux
backdrop bash bonita buildpack-deps busybox caddy cassandra centos chronograf cirros clearlinux
clefos clickhouse clojure composer consul convertigo couchbase couchdb crate dart debian docker
drupal eclipse-mosquitto eclipse-temurin eggdrop elasticsearch elixir emqx erlang fedora flink
fluentd friendica gazebo gcc geonetwork ghost golang gradle groovy haproxy haskell haxe
hello-world hitch httpd hylang ibm-semeru-runtimes ibmjava influxdb irssi java jetty jobber
joomla jruby julia kapacitor kibana kong krakend liquibase logstash mageia mariadb matomo maven
mediawiki memcached mongo mongo-express monica mono mysql nats neo4j neurodebian nextcloud nginx
node notary odoo open-liberty openjdk opensuse oraclelinux orientdb percona perl photon php
php-zendserver phpmyadmin plone postfixadmin postgres pypy python r-base rabbitmq rakudo-star
redis redmine registry rethinkdb rocket.chat rockylinux ruby rust sapmachine satosa silverpeas
solr sonarqube spark spiped storm swift swipl teamspeak telegraf tomcat tomee traefik ubuntu unit
varnish websphere-liberty wordpress xwiki yourls znc zookeeper`) {
		officialImages[n] = true
	}
}
