package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A huge value wraps to at most MaxFieldLines lines, so the fields after it
// stay in view.
func TestFieldsBoundAHugeValue(t *testing.T) {
	st := NewStyles()
	huge := strings.Repeat("filler text 长 ", 800) // ~12 KB
	out := Fields(st, []Field{{Label: "Browser", Value: huge}, {Label: "OS", Value: "Linux"}}, 80)
	lines := strings.Split(ansi.Strip(out), "\n")
	if len(lines) != MaxFieldLines+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), MaxFieldLines+1, ansi.Strip(out))
	}
	if !strings.HasSuffix(strings.TrimRight(lines[MaxFieldLines-1], " "), "…") {
		t.Errorf("the cut value should end in …: %q", lines[MaxFieldLines-1])
	}
	if !strings.Contains(lines[MaxFieldLines], "OS") || !strings.Contains(lines[MaxFieldLines], "Linux") {
		t.Errorf("the next field is not right after it: %q", lines[MaxFieldLines])
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells", i, w)
		}
	}
}
