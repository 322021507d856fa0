package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestBreadcrumb(t *testing.T) {
	st := NewStyles()
	parts := []string{"stages", "main-broadcast", "st-1A2bC3d4E5f6G", "participants", "alice"}
	got := ansi.Strip(Breadcrumb(st, parts, 80))
	if got != "stages › main-broadcast › st-1A2bC3d4E5f6G › participants › alice" {
		t.Fatalf("wide: %q", got)
	}
	got = ansi.Strip(Breadcrumb(st, parts, 40))
	if got != "… › st-1A2bC3d4E5f6G › participants › alice" && ansi.StringWidth(got) > 40 {
		t.Fatalf("narrow: %q", got)
	}
	if !strings.HasPrefix(got, "… › ") || !strings.HasSuffix(got, "› alice") {
		t.Fatalf("narrow crumbs must elide from the left and keep the last part: %q", got)
	}
	// The last part alone too wide: its end is kept.
	got = ansi.Strip(Breadcrumb(st, []string{"stages", "a-very-long-stage-name-indeed"}, 12))
	if got != "…name-indeed" {
		t.Fatalf("last part cut from the left: %q", got)
	}
	// Hostile parts are sanitised.
	got = Breadcrumb(st, []string{"stages", "\x1b]0;pwned\x07evil\u202e"}, 80)
	if strings.Contains(got, "\x1b]") || strings.Contains(got, "\u202e") || !strings.Contains(ansi.Strip(got), "evil") {
		t.Fatalf("hostile part: %q", got)
	}
	if Breadcrumb(st, nil, 80) != "" || Breadcrumb(st, parts, 0) != "" {
		t.Fatalf("empty input or width should render nothing")
	}
}

func TestBreadcrumbWidthsProperty(t *testing.T) {
	st := NewStyles()
	parts := []string{"stages", "日本語のステージ名前", "st-1A2bC3d4E5f6G", "participants", "👩‍👩‍👧 family-user"}
	for w := 1; w <= 200; w++ {
		for n := 1; n <= len(parts); n++ {
			out := Breadcrumb(st, parts[:n], w)
			checkBlock(t, "breadcrumb", out, w, 1)
			if out == "" {
				t.Fatalf("nothing at width %d", w)
			}
		}
	}
}
