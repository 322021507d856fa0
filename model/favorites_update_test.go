package model

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/ui"
)

// The configuration file's favourite stages come first, in its order; the
// others keep the API's.
func TestFavoriteStagesPinnedAtTheTop(t *testing.T) {
	a := New(Config{Interval: 5 * time.Second, Mode: "demo · us-east-1", Now: func() time.Time { return t0 },
		Favorites: []string{"standup", "no-such-stage", "quiet-room"}})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	withStages(t, a)
	s := screen(a)
	standup, quiet, main := strings.Index(s, "standup"), strings.Index(s, "quiet-room"), strings.Index(s, "main-broadcast")
	if standup < 0 || quiet < 0 || main < 0 || standup > quiet || quiet > main {
		t.Fatalf("favourites not pinned in order (standup %d, quiet-room %d, main-broadcast %d):\n%s", standup, quiet, main, s)
	}
	// Without favourites, the API's order.
	b := newTestApp(120, 30)
	withStages(t, b)
	s = screen(b)
	if strings.Index(s, "main-broadcast") > strings.Index(s, "quiet-room") {
		t.Fatalf("the API's order changed without favourites:\n%s", s)
	}
}

// theme = "light" draws with the light styles.
func TestLightThemeStyles(t *testing.T) {
	a := New(Config{Theme: "light"})
	if got, want := a.ctx.Styles.Muted.GetForeground(), ui.NewStylesFor(false).Muted.GetForeground(); got != want {
		t.Fatalf("light theme's muted colour %v, want %v", got, want)
	}
	if New(Config{}).ctx.Styles.Muted.GetForeground() == ui.NewStylesFor(false).Muted.GetForeground() {
		t.Fatal("the default theme should be dark")
	}
}
