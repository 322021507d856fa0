// Package sanitize makes text that participants or customers control (user
// ids, attributes, names, tags, error messages) safe to print on a terminal
// or into a report: no escape sequences, controls, bidi overrides or invalid
// UTF-8, and a bounded size. The dashboard's rendering and the reports both
// use it.
package sanitize

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// MaxBytes bounds what Text returns. Untrusted fields are small
// by API contract (user id 128 chars, attributes 1 KB), so anything longer is
// hostile or a mistake; cutting it keeps a 10 KB value as cheap as a short one.
const MaxBytes = 4096

// newlineMark stands in for CR and LF: a participant-controlled value with a
// line break in it is suspicious, so the break stays visible instead of
// silently becoming a space.
const newlineMark = "⏎"

// Text makes text that participants or customers control safe to print:
// it removes ESC and every escape sequence (CSI, OSC including hyperlinks and
// title changes, DCS, APC, PM, SOS, and their C1 forms), C0 and C1 controls,
// DEL, bidi controls and invisible format characters; tab becomes a space,
// CR/LF become ⏎, line and paragraph separators become a space, and invalid
// UTF-8 becomes U+FFFD. Printable Unicode (CJK, emoji) is kept, but emoji
// joiners, skin tones and VS16 are dropped so every terminal agrees on the
// width (see dropForWidth). The result is at most MaxBytes plus a
// trailing "…".
func Text(s string) string {
	out, cut := sanitize(s, MaxBytes, false)
	if cut {
		return out + "…"
	}
	return out
}

// Trunc sanitises s and truncates it to at most width cells, ending
// in "…" when something was cut. It never splits a wide rune or a grapheme.
func Trunc(s string, width int) string {
	if width <= 0 {
		return ""
	}
	// A cell rarely needs more than 4 bytes (a CJK rune is 3 bytes for 2
	// cells; only emoji sequences and stacked marks need more), so output
	// past width*8 bytes would be cut anyway. The bound keeps the scan and
	// ansi.Truncate's grapheme walk short for a 10 KB value; text that dense
	// ends in "…" a little early, which is the safe side.
	out, cut := sanitize(s, width*8+32, false)
	if cut {
		out += "…"
	}
	return ansi.Truncate(out, width, "…")
}

// Styled is Text for text that may carry our own colours: SGR
// sequences (CSI ... m with numeric parameters) are kept, every other escape
// sequence and control is removed as Text does. The table runs every cell
// through it, so a caller that forgets to sanitise a user id still cannot
// reach the terminal. Styling takes bytes, so its bound is 16 times
// Text's: a whole styled screen line fits.
func Styled(s string) string {
	out, cut := sanitize(s, 16*MaxBytes, true)
	if cut {
		return out + "…"
	}
	return out
}

// parser states of the sanitiser.
const (
	stGround   = iota
	stEsc      // after ESC
	stEscInter // ESC followed by intermediate bytes, waiting for the final byte
	stCSI      // inside a control sequence
	stString   // inside OSC, DCS, SOS, PM or APC, until ST or BEL
	stStrEsc   // ESC seen inside a string: ST if the next byte is '\'
)

// maxMarks bounds a run of combining marks: real scripts stack a few, "zalgo"
// text stacks hundreds to smear over neighbouring lines.
const maxMarks = 8

// sanitize is one pass over s with its own small parser instead of
// ansi.Strip: Strip keeps C0 and C1 controls and passes invalid UTF-8 through,
// so a second pass would be needed anyway, and two passes can disagree about
// where a sequence ends. One definition is easier to prove with the fuzzer.
// It stops once the output reaches limit bytes and reports whether it cut.
func sanitize(s string, limit int, keepSGR bool) (string, bool) {
	if isPlainASCII(s) && len(s) <= limit {
		return s, false
	}
	var b strings.Builder
	b.Grow(min(len(s), limit) + 8)
	state := stGround
	seqStart := 0 // byte offset where the current CSI started (for keepSGR)
	seqC1 := false
	marks := 0
	prev := rune(0) // the last rune written as is
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		invalid := r == utf8.RuneError && size == 1
		switch state {
		case stEsc:
			switch {
			case r == '[':
				state, seqStart, seqC1 = stCSI, i+size, false
			case r == ']' || r == 'P' || r == 'X' || r == '^' || r == '_':
				state = stString
			case r >= 0x20 && r <= 0x2f:
				state = stEscInter
			case r >= 0x30 && r <= 0x7e:
				state = stGround // a complete two-byte sequence such as ESC c
			case r == 0x1b:
				// ESC ESC: the first is abandoned, the second starts anew.
			default:
				// Not a sequence: drop the ESC and read this rune as text.
				state = stGround
				continue
			}
			i += size
			continue
		case stEscInter:
			switch {
			case r >= 0x20 && r <= 0x2f:
			case r >= 0x30 && r <= 0x7e:
				state = stGround
			case r == 0x1b:
				state = stEsc
			default:
				state = stGround
				continue
			}
			i += size
			continue
		case stCSI:
			switch {
			case r >= 0x20 && r <= 0x3f: // parameters and intermediates
			case r >= 0x40 && r <= 0x7e: // final byte ends the sequence
				if keepSGR && r == 'm' && !seqC1 && isSGRParams(s[seqStart:i]) {
					if b.Len()+len(s[seqStart:i])+3 <= limit {
						b.WriteString("\x1b[")
						b.WriteString(s[seqStart:i])
						b.WriteByte('m')
					}
				}
				state = stGround
			case r == 0x1b:
				state = stEsc
			case r < 0x20 || r == 0x7f:
				// Controls inside a sequence are dropped; the sequence goes on.
			default:
				// A printable non-ASCII rune cannot be part of a sequence:
				// abandon it and show the rune.
				state = stGround
				continue
			}
			i += size
			continue
		case stString:
			switch {
			case r == 0x07 || r == 0x9c: // BEL (xterm OSC) or C1 ST
				state = stGround
			case r == 0x18 || r == 0x1a: // CAN, SUB abort a sequence
				state = stGround
			case r == 0x1b:
				state = stStrEsc
			}
			i += size
			continue
		case stStrEsc:
			if r == '\\' {
				state = stGround
				i += size
				continue
			}
			// ESC followed by anything else abandons the string and starts a
			// new escape sequence, as terminals do.
			state = stEsc
			continue
		}

		// Ground state.
		i += size
		if invalid {
			marks, prev = 0, 0
			if !writeLimited(&b, "\uFFFD", limit) {
				return b.String(), true
			}
			continue
		}
		switch {
		case r == 0x1b:
			state = stEsc
			continue
		case r == 0x9b:
			state, seqStart, seqC1 = stCSI, i, true
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			state = stString
			continue
		}
		rep, keep := replacement(r)
		if !keep || dropForWidth(r, prev) {
			continue
		}
		if rep == "" {
			prev = r
			if unicode.In(r, unicode.Mn, unicode.Me) {
				marks++
				if marks > maxMarks {
					continue
				}
			} else {
				marks = 0
			}
			if b.Len()+size > limit {
				return b.String(), true
			}
			b.WriteRune(r)
			continue
		}
		if r == '\r' && strings.HasPrefix(s[i:], "\n") {
			i++ // CR LF is one line break
		}
		marks, prev = 0, 0
		if !writeLimited(&b, rep, limit) {
			return b.String(), true
		}
	}
	return b.String(), false
}

// zwj is the zero width joiner.
const zwj = 0x200d

// dropForWidth reports whether r, following prev, is dropped to keep
// widths stable. Bubble Tea measures cells by wcwidth unless the terminal
// reports grapheme support (mode 2027, which tmux and many others lack),
// while layout here measures graphemes (ansi.StringWidth). The two disagree
// on emoji sequences: a ZWJ family is 2 cells as a grapheme and 6 by
// wcwidth, a skin tone adds 2, VS16 turns a 1-cell symbol into 2, so a name
// with such an emoji would shift every column after it. Dropping ZWJ after
// an emoji (the family shows as its members), skin tone modifiers and VS16
// keeps the emoji and makes both measures agree. Scripts whose clusters the
// measures also disagree on (Devanagari conjuncts, Hangul jamo, Thai SARA
// AM) are kept as they are: mangling names is worse than a column off by a
// cell in some terminals.
func dropForWidth(r, prev rune) bool {
	switch {
	case r == zwj:
		return prev >= 0x2600 // symbols and emoji; Indic and Arabic ZWJ stay
	case r == 0xfe0f, r >= 0x1f3fb && r <= 0x1f3ff:
		return true
	}
	return false
}

// replacement decides what a ground-state rune becomes: keep=false drops it,
// rep=="" keeps it as is, otherwise rep replaces it.
func replacement(r rune) (rep string, keep bool) {
	switch {
	case r == '\t':
		return " ", true
	case r == '\n' || r == '\r':
		return newlineMark, true
	case r < 0x20 || r == 0x7f:
		return "", false
	case r >= 0x80 && r <= 0x9f:
		return "", false
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return " ", true
	case r == 0x200c || r == zwj:
		// ZWNJ and ZWJ are format characters too, but Persian and Indic text
		// need them, and they cannot reorder text (see also dropForWidth).
		return "", true
	case r < 0xa0:
		return "", true
	case unicode.Is(unicode.Cf, r):
		// Bidi embeddings, overrides, isolates and marks (U+202A-202E,
		// U+2066-2069, U+200E/F, U+061C), zero-width space, word joiner, BOM,
		// soft hyphen, tag characters: invisible, and able to make one value
		// look like another.
		return "", false
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe: // noncharacters
		return "", false
	}
	return "", true
}

func writeLimited(b *strings.Builder, s string, limit int) bool {
	if b.Len()+len(s) > limit {
		return false
	}
	b.WriteString(s)
	return true
}

// isPlainASCII reports whether s is printable ASCII only, the common case,
// which needs no copy.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// isSGRParams reports whether p is a valid SGR parameter string: digits
// separated by ';' or ':' only.
func isSGRParams(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; (c < '0' || c > '9') && c != ';' && c != ':' {
			return false
		}
	}
	return true
}

// Check reports the first character in s that Text never leaves in its
// output (a control, a C1 control, a bidi control, an invisible format
// character, invalid UTF-8), or nil: how tests of anything that prints
// untrusted text prove it was sanitised.
func Check(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("invalid UTF-8 in %q", s)
	}
	for _, r := range s {
		if kind := unsafeKind(r); kind != "" {
			return fmt.Errorf("%s %U in %q", kind, r, s)
		}
	}
	return nil
}

// Unsafe reports whether r is a character Text never leaves in its output:
// a control (C0, DEL, C1), a bidi control or an invisible format character.
func Unsafe(r rune) bool { return unsafeKind(r) != "" }

// unsafeKind names the kind of character r is when Text never leaves it in
// its output; "" when r is safe to print.
func unsafeKind(r rune) string {
	switch {
	case r < 0x20, r == 0x7f:
		return "control"
	case r >= 0x80 && r <= 0x9f:
		return "C1 control"
	case isBidiControl(r):
		return "bidi control"
	case unicode.Is(unicode.Cf, r) && r != 0x200c && r != 0x200d:
		return "format character"
	}
	return ""
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
}
