package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// requireGolden compares the output, stripped of colour (the ASCII profile a
// NO_COLOR terminal gets), with testdata/<test name>.golden; run the tests
// with -update to regenerate.
func requireGolden(t *testing.T, out string) {
	t.Helper()
	golden.RequireEqual(t, ansi.Strip(out))
}

// checkBlock fails when out has more than height lines or a line wider than
// width cells.
func checkBlock(t testing.TB, what, out string, width, height int) {
	t.Helper()
	if out == "" {
		return
	}
	lines := strings.Split(out, "\n")
	if len(lines) > height {
		t.Fatalf("%s at %dx%d: %d lines", what, width, height, len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Fatalf("%s at %dx%d: line %d is %d cells wide: %q", what, width, height, i, w, ansi.Strip(l))
		}
	}
}
