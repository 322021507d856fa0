package ui

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// textWidth is ansi.StringWidth, fast for what a frame is mostly made of.
// ansi.StringWidth walks grapheme clusters even over plain ASCII, the
// largest cost of a frame. Text whose printed runes are all printable ASCII
// or one of the narrow symbols the screens use is one cell a rune: those
// runes never join a cluster with their neighbours, so counting them gives
// the same width. It reads escape sequences with ansi's own state table, so
// they count zero exactly as there; any other rune hands the whole string to
// ansi.StringWidth.
func textWidth(s string) int {
	width, state := 0, parser.GroundState
	for i := 0; i < len(s); i++ {
		b := s[i]
		next, action := parser.Table.Transition(state, b)
		printed := action == parser.PrintAction || next == parser.Utf8State
		if b >= utf8.RuneSelf {
			// Only a narrow symbol printed whole is counted here: any other
			// byte past ASCII (a wide or combining rune, broken UTF-8, a C1
			// control) can change how the runes around it cluster.
			r, size := utf8.DecodeRuneInString(s[i:])
			if !printed || !narrowSymbol(r) {
				return ansi.StringWidth(s)
			}
			i += size - 1
		}
		if printed {
			width++
			state = parser.GroundState
			continue
		}
		state = next
	}
	return width
}

// narrowSymbol reports whether r is one of the symbols of the badges, the
// table marker and the separators: one cell wide, a grapheme cluster of its
// own (no combining, joining or presentation property), which TestTextWidth
// checks against ansi.StringWidth.
func narrowSymbol(r rune) bool {
	switch r {
	case '●', '○', '▲', '▼', '△', '▽', '✖', '◐', '◑', '■', '↻', '–', '—',
		'⇉', '⇥', '⟳', '→', '←', '•', '◆', '▸', '…', '│', '·', '─':
		return true
	}
	return false
}
