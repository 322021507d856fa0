package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// Command-line mistakes: one line that names the mistake and where the
// help is, never the whole usage.
func TestFlagMistakesTakeOneLine(t *testing.T) {
	cases := []struct {
		args []string
		want string // the whole of stderr
	}{
		{[]string{"--nope"}, "ivsdash: unknown flag --nope; see 'ivsdash --help'\n"},
		{[]string{"-nope"}, "ivsdash: unknown flag --nope; see 'ivsdash --help'\n"},
		{[]string{"--demo", "stray"}, "ivsdash: unexpected argument \"stray\"; see 'ivsdash --help'\n"},
		{[]string{"--seed", "many"}, "ivsdash: --seed many: not a number; see 'ivsdash --help'\n"},
		{[]string{"--start"}, "ivsdash: --start needs a value; see 'ivsdash --help'\n"},
		{[]string{"--interval", "soon"}, "ivsdash: --interval soon: not a duration (like 30s, 5m or 1h); see 'ivsdash --help'\n"},
		{[]string{"--bell=loud"}, "ivsdash: --bell=loud: give --bell or --bell=false; see 'ivsdash --help'\n"},
		{[]string{"nosuch"}, "ivsdash: unknown command \"nosuch\" (commands: emulator, token, export, events, serve); see 'ivsdash --help'\n"},
		{[]string{"serve", "--nope"}, "ivsdash serve: unknown flag --nope; see 'ivsdash serve --help'\n"},
		{[]string{"serve", "--authorized-keys", "k"}, "ivsdash serve: --host-key is required (a file; generated when it does not exist); see 'ivsdash serve --help'\n"},
		{[]string{"serve", "--host-key", "h", "--authorized-keys", "k", "--max-sessions", "0"}, "ivsdash serve: --max-sessions 0: give 1 or more; see 'ivsdash serve --help'\n"},
		{[]string{"token", "--nope"}, "ivsdash token: unknown flag --nope; see 'ivsdash token --help'\n"},
		{[]string{"token", "--stage", "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCD1234", "--attribute", "novalue"},
			"ivsdash token: --attribute novalue: write attributes as key=value; see 'ivsdash token --help'\n"},
		{[]string{"export", "--stage"}, "ivsdash export: --stage needs a value; see 'ivsdash export --help'\n"},
		{[]string{"emulator", "--nope"}, "ivsdash emulator: unknown flag --nope; see 'ivsdash emulator --help'\n"},
		{[]string{"emulator", "--listen", "127.0.0.1:0", "stray"}, "ivsdash emulator: unexpected argument \"stray\"; see 'ivsdash emulator --help'\n"},
	}
	for _, c := range cases {
		var out, errOut bytes.Buffer
		code := run(c.args, &out, &errOut)
		if code != 2 || errOut.String() != c.want || out.Len() != 0 {
			t.Errorf("%q: exit %d, stderr\n%s\nwant exit 2 and\n%s", c.args, code, errOut.String(), c.want)
		}
	}
}

// Help spells flags as the README and every message do: --flag.
func TestHelpSpellsFlagsWithTwoDashes(t *testing.T) {
	singleDash := regexp.MustCompile(`(?m)^\s+-[a-z]`)
	for _, cmd := range [][]string{{"--help"}, {"help"}, {"token", "--help"}, {"export", "-h"}, {"emulator", "--help"}, {"serve", "--help"}} {
		var out, errOut bytes.Buffer
		if code := run(cmd, &out, &errOut); code != 0 {
			t.Fatalf("%q: exit %d", cmd, code)
		}
		help := errOut.String()
		if !strings.Contains(help, "\n  --") {
			t.Errorf("%q lists no --flag:\n%s", cmd, help)
		}
		if m := singleDash.FindString(help); m != "" {
			t.Errorf("%q shows a single-dash flag (%q):\n%s", cmd, m, help)
		}
	}
	var out, errOut bytes.Buffer
	run([]string{"--help"}, &out, &errOut)
	for _, want := range []string{"  --budget share\n", "(default 0.2)", "  --interval duration\n", "(default 5s)", "  --start pane\n"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("the dashboard's help lacks %q:\n%s", want, errOut.String())
		}
	}
}
