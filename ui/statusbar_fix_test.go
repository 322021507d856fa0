package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The fix of an error sentence survives a status line too narrow for it.
func TestFitKeepingFix(t *testing.T) {
	expired := "✖ last error: The AWS credentials have expired or were rejected: The security token included in the request is expired." +
		FixSeparator + "run `aws sso login --profile oncall` (or refresh the profile's keys)"
	denied := "✖ last error: Access denied to ListStages: User: arn:aws:iam::123456789012:user/ivsdash is not authorized to perform: ivs:ListStages because no identity-based policy allows the ivs:ListStages action." +
		FixSeparator + "grant ivs:ListStages to the role or user of this profile, or use another --profile"
	for _, tc := range []struct {
		text  string
		width int
		want  []string
	}{
		{expired, 80, []string{"✖ last error: The AWS credentials", "aws sso login --profile oncall"}},
		{expired, 120, []string{"credentials have expired or were rejected", "aws sso login --profile oncall`"}},
		{denied, 80, []string{"Access denied to ListSta", "grant ivs:ListStages"}},
		{denied, 120, []string{"Access denied to ListStages: User: arn:aws:iam::123456789012", "grant ivs:ListStages to the role"}},
		{"✖ last error: IVS had an internal error: the answer could not be read (cut short, or not JSON): unexpected EOF." + FixSeparator +
			"try again shortly; if it persists, report the request id to AWS Support", 120, []string{"the answer could not be read", "try again shortly"}},
		{"short" + FixSeparator + "fix", 80, []string{"short — fix"}},
		{"no fix here, just a long sentence " + strings.Repeat("x", 100), 40, []string{"no fix here"}},
	} {
		got := FitKeepingFix(tc.text, tc.width)
		if w := ansi.StringWidth(got); w > tc.width {
			t.Errorf("%d cells wide at width %d: %q", w, tc.width, got)
		}
		for _, want := range tc.want {
			if !strings.Contains(got, want) {
				t.Errorf("width %d: %q lacks %q", tc.width, got, want)
			}
		}
	}
	for _, w := range []int{0, 1, 2, 3, 5} {
		if got := FitKeepingFix(expired, w); ansi.StringWidth(got) > w {
			t.Errorf("width %d: %q", w, got)
		}
	}
	if got := FitKeepingFix("a\x1b]0;x\x07b"+FixSeparator+"c\x1b[2J", 80); strings.ContainsRune(got, '\x1b') {
		t.Errorf("not sanitised: %q", got)
	}
}
