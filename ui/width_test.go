package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestTextWidth holds the fast width to ansi.StringWidth: every narrow
// symbol alone and beside what could join it, and random text of every kind
// (wide runes, emoji, combining marks, escapes, controls, broken UTF-8).
func TestTextWidth(t *testing.T) {
	var symbols []string
	for r := rune(0); r < 0x3000; r++ {
		if narrowSymbol(r) {
			symbols = append(symbols, string(r))
		}
	}
	if len(symbols) < 20 {
		t.Fatalf("found %d narrow symbols", len(symbols))
	}
	fixed := []string{"", "plain", "\x1b[1;38;5;35m● CONNECTED\x1b[m", "a\u0301", "●\ufe0f", "✖\ufe0f", "日本",
		"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "x\x1b[31", "\x1b[", "tab\there", "\x7f\x9c", "▸ row", "0\xf500", "a\x9cb"}
	for _, s := range symbols {
		fixed = append(fixed, s, s+"a", "a"+s, s+s, s+"\u0301", s+"\u200d"+s, s+"\ufe0f", "\x1b[31m"+s+"\x1b[m")
		if w := ansi.StringWidth(s); w != 1 {
			t.Errorf("%q is %d cells wide for ansi.StringWidth: not a narrow symbol", s, w)
		}
	}
	for _, s := range fixed {
		if got, want := textWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("textWidth(%q) = %d, ansi.StringWidth says %d", s, got, want)
		}
	}
	pieces := append(append([]string{}, hostilePieces...), symbols...)
	pieces = append(pieces, "\x1b[1m", "\x1b[38;5;160m", "\ufe0f", "\u200d", "[", ";", "m")
	r := rand.New(rand.NewPCG(14, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := textWidth(s), ansi.StringWidth(s); got != want {
			t.Fatalf("textWidth(%q) = %d, ansi.StringWidth says %d", s, got, want)
		}
	}
}

func FuzzTextWidth(f *testing.F) {
	for _, s := range []string{"", "abc", "\x1b[31m● x\x1b[m", "e\u0301", "▲\ufe0f", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := textWidth(s), ansi.StringWidth(s); got != want {
			t.Fatalf("textWidth(%q) = %d, ansi.StringWidth says %d", s, got, want)
		}
	})
}

func BenchmarkTextWidth(b *testing.B) {
	line := "  viewer-04999     p00000004999    \x1b[38;5;35m● CONNECTED\x1b[m     \x1b[38;5;245m  no\x1b[m  12:04:31, 3m ago"
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			textWidth(line)
		}
	})
	b.Run("ansi", func(b *testing.B) {
		for b.Loop() {
			ansi.StringWidth(line)
		}
	})
}
