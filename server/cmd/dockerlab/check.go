package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dockerlab/dockerlab/server/buildinfo"
	"github.com/dockerlab/dockerlab/server/check"
)

// checkUsage is `dockerlab check --help`, kept as plain text for writers.
//
//go:embed check_usage.txt
var checkUsage string

// runCheck reads the flags of `dockerlab check` and wires package check.
// Exit status: 0 when nothing at or above the failure threshold was found,
// 1 otherwise, 2 on usage errors or unreadable files.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "")
	threshold := fs.String("failure-threshold", "warning", "")
	skip := fs.String("skip", "", "")
	var opts check.Options
	fs.StringVar(&opts.ContextDir, "context", "", "")
	settings := fs.String("settings", check.SettingsFile, "")
	showVersion := fs.Bool("version", false, "")
	paths, err := []string{}, fs.Parse(args)
	for ; err == nil && fs.NArg() > 0; err = fs.Parse(fs.Args()[1:]) {
		paths = append(paths, fs.Arg(0)) // flags may also come between and after the paths
	}
	level, ok := check.Threshold(*threshold)
	write := check.Writer(*format, version)
	switch {
	case *showVersion && err == nil:
		fmt.Fprint(stdout, buildinfo.Read(version))
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, checkUsage)
		return 0
	case err != nil:
		return usageError(stderr, check.FlagError(err))
	case write == nil:
		return usageError(stderr, "알 수 없는 출력 형식입니다: "+*format+" ("+strings.Join(check.Formats, ", ")+" 중 하나)")
	case !ok:
		return usageError(stderr, "알 수 없는 --failure-threshold 값입니다: "+*threshold+" (error, warning, info, hint, none 중 하나)")
	case len(paths) == 0:
		fmt.Fprint(stderr, checkUsage)
		return 2
	}
	if opts.Skip, err = check.SkipRules(*skip, *settings); err != nil {
		fmt.Fprintf(stderr, "설정 파일을 읽을 수 없습니다: %v\n", err)
		return 2
	}
	report := check.Run(context.Background(), paths, opts)
	if err := errors.Join(report.Errors...); err != nil {
		fmt.Fprintln(stderr, err)
	}
	if len(report.Files) > 0 {
		if err := write(stdout, report); err != nil {
			fmt.Fprintf(stderr, "결과를 쓸 수 없습니다: %v\n", err)
			return 2
		}
	}
	return report.ExitCode(level)
}

// usageError prints what was wrong and the usage; the exit status is 2.
func usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "%s\n\n%s", msg, checkUsage)
	return 2
}
