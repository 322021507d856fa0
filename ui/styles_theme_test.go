package ui

import (
	"strings"
	"testing"
)

// The light theme is not the dark one: muted text and the selection read
// on a light background.
func TestThemesDiffer(t *testing.T) {
	dark, light := ThemeStyles("dark"), ThemeStyles("light")
	if dark.Muted.GetForeground() == light.Muted.GetForeground() {
		t.Fatal("light and dark share the muted colour")
	}
	if ThemeStyles("").Muted.GetForeground() != dark.Muted.GetForeground() {
		t.Fatal(`"" should be dark`)
	}
	if r := light.Muted.Render("x"); !strings.Contains(r, "x") {
		t.Fatalf("light renders %q", r)
	}
}
