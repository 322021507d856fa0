package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestSanitizeHostile(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"plain", "alice", "alice"},
		{"title change BEL", "a\x1b]0;pwned\x07b", "ab"},
		{"title change ST", "a\x1b]2;pwned\x1b\\b", "ab"},
		{"clear screen", "\x1b[2Jhello", "hello"},
		{"cursor home and erase", "x\x1b[H\x1b[Ky", "xy"},
		{"SGR removed", "\x1b[31mred\x1b[0m", "red"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"C1 CSI", "a\u009b2Jb", "ab"},
		{"C1 OSC ended by C1 ST", "a\u009d0;pwned\u009cb", "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"PM and SOS", "a\x1b^pm\x1b\\b\x1bXsos\x1b\\c", "abc"},
		{"two-byte escape (reset terminal)", "a\x1bcb", "ab"},
		{"escape with intermediate", "a\x1b(Bb", "ab"},
		{"unterminated OSC swallows the rest", "ok\x1b]0;pwned", "ok"},
		{"ESC before non-ASCII", "\x1bé", "é"},
		{"RLO", "user\u202egnp.exe", "usergnp.exe"},
		{"bidi isolates and marks", "\u2066a\u2069\u200eb\u200f\u061cc\u202a\u202b\u202c\u202d", "abc"},
		{"zero width space and BOM", "a\u200bb\ufeffc\u2060d", "abcd"},
		{"line separators", "a\u2028b\u2029c", "a b c"},
		{"tab", "a\tb", "a b"},
		{"newline visible", "a\nb", "a⏎b"},
		{"CRLF one mark", "a\r\nb", "a⏎b"},
		{"C0 dropped", "a\x00\x01\x07\x08b", "ab"},
		{"DEL dropped", "a\x7fb", "ab"},
		{"C1 dropped", "a\u0085\u0080b", "ab"},
		{"invalid UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"raw 8-bit CSI byte", "a\x9b2Jb", "a\uFFFD2Jb"},
		{"CJK kept", "日本語のユーザー", "日本語のユーザー"},
		{"emoji kept, joiners and modifiers dropped", "👩\u200d👩\u200d👧 🇯🇵 👍🏽 ❤️", "👩👩👧 🇯🇵 👍 ❤"},
		{"ZWJ in Indic text kept", "क्\u200dष", "क्\u200dष"},
		{"combining kept", "e\u0301", "e\u0301"},
		{"ZWNJ kept", "می\u200cخواهم", "می\u200cخواهم"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Text(c.in); got != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
			checkClean(t, Text(c.in))
		})
	}
}

// Emoji sequences come out with the same width by grapheme and by wcwidth,
// so columns line up whichever measure the terminal renderer uses.
func TestSanitizeEmojiWidthStable(t *testing.T) {
	for _, in := range []string{"👩‍👩‍👧 family", "👍🏽", "❤️ love", "1️⃣", "🇯🇵", "☺️", "👨🏿‍🚀", "alice 🎉", "日本語"} {
		out := Text(in)
		if g, wc := ansi.StringWidth(out), ansi.StringWidthWc(out); g != wc {
			t.Errorf("Text(%q) = %q: %d cells by grapheme, %d by wcwidth", in, out, g, wc)
		}
	}
}

func TestSanitizeZalgoBounded(t *testing.T) {
	in := "a" + strings.Repeat("\u0301", 500) + "b"
	got := Text(in)
	if n := strings.Count(got, "\u0301"); n != maxMarks {
		t.Fatalf("kept %d combining marks, want %d", n, maxMarks)
	}
	if !strings.HasPrefix(got, "a") || !strings.HasSuffix(got, "b") {
		t.Fatalf("base letters lost: %q", got)
	}
}

func TestSanitizeLongInputBounded(t *testing.T) {
	in := strings.Repeat("x", 10*1024)
	got := Text(in)
	if len(got) > MaxBytes+len("…") {
		t.Fatalf("Sanitize returned %d bytes", len(got))
	}
	if !strings.HasSuffix(got, "…") {
		t.Fatalf("a cut value must end in …")
	}
	// Escape-heavy input is also bounded and clean.
	hostile := strings.Repeat("\x1b[2J\x1b]0;x\x07日", 1000)
	got = Text(hostile)
	checkClean(t, got)
	if got != strings.Repeat("日", 1000) {
		t.Fatalf("unexpected output of %d bytes", len(got))
	}
}

func TestTrunc(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		{"alice", 10, "alice"},
		{"alice", 5, "alice"},
		{"alice", 4, "ali…"},
		{"alice", 1, "…"},
		{"alice", 0, ""},
		{"日本語", 4, "日…"},  // a wide rune is never split
		{"日本語", 5, "日本…"}, // 2+2+1
		{"👩‍👩‍👧abc", 3, "👩…"},
		{"\x1b]0;pwned\x07bob", 10, "bob"},
		{strings.Repeat("y", 10*1024), 8, "yyyyyyy…"},
	}
	for _, c := range cases {
		got := Trunc(c.in, c.width)
		if got != c.want {
			t.Errorf("Trunc(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
		if w := ansi.StringWidth(got); w > max(c.width, 0) {
			t.Errorf("Trunc(%q, %d) is %d wide", c.in, c.width, w)
		}
	}
}

func TestSanitizeStyledKeepsOnlySGR(t *testing.T) {
	in := "\x1b[1;38;5;35m● ok\x1b[m \x1b[2J\x1b]0;t\x07\x1b[?25l\u009b31mx"
	got := Styled(in)
	want := "\x1b[1;38;5;35m● ok\x1b[m x"
	if got != want {
		t.Fatalf("SanitizeStyled = %q, want %q", got, want)
	}
	if ansi.Strip(got) != Text(in) {
		t.Fatalf("styled and plain sanitising disagree on the text: %q vs %q", ansi.Strip(got), Text(in))
	}
}

// checkClean asserts the properties every sanitised string has.
func checkClean(t testing.TB, s string) {
	t.Helper()
	if err := Check(s); err != nil {
		t.Fatal(err)
	}
}

func FuzzSanitize(f *testing.F) {
	seeds := []string{
		"", "alice", "\x1b]0;pwned\x07", "\x1b[2J", "\x1b]8;;http://x\x1b\\a\x1b]8;;\x1b\\",
		"\u009b31m", "\u202eabc", "\xff\xfe", "日本語", "👩‍👩‍👧", "a\r\nb\tc", "\x1bP\x1b\x1b\\",
		"\x1b[38;5;35mx\x1b[m", "e\u0301\u0301", strings.Repeat("\x1b[", 50),
	}
	for _, s := range seeds {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		out := Text(s)
		checkClean(t, out)
		if strings.IndexByte(out, 0x1b) >= 0 {
			t.Fatalf("ESC left in %q", out)
		}
		if len(out) > MaxBytes+len("…") {
			t.Fatalf("output of %d bytes", len(out))
		}
		width = width % 300
		tr := Trunc(s, width)
		checkClean(t, tr)
		if w := ansi.StringWidth(tr); w > max(width, 0) {
			t.Fatalf("Trunc(%q, %d) is %d cells wide", s, width, w)
		}
		styled := Styled(s)
		if !utf8.ValidString(styled) {
			t.Fatalf("SanitizeStyled gave invalid UTF-8")
		}
		// What is left besides SGR must be clean text.
		checkClean(t, ansi.Strip(styled))
		if strings.Count(styled, "\x1b") != strings.Count(styled, "\x1b[") {
			t.Fatalf("a non-CSI escape survived in %q", styled)
		}
	})
}

func BenchmarkSanitizeShort(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Text("alice-日本-👍🏽")
	}
}

func BenchmarkSanitize10KB(b *testing.B) {
	in := strings.Repeat("ab\x1b[31m日\u202e", 10*1024/12)
	b.ReportAllocs()
	for b.Loop() {
		Text(in)
	}
}

func BenchmarkSanitizeTrunc10KB(b *testing.B) {
	in := strings.Repeat("ab\x1b[31m日\u202e", 10*1024/12)
	b.ReportAllocs()
	for b.Loop() {
		Trunc(in, 40)
	}
}

func TestCheckFindsWhatTextRemoves(t *testing.T) {
	for _, bad := range []string{"a\x1bb", "a\u009bb", "\u202eabc", "a\u200bb", "\xff", "a\nb"} {
		if Check(bad) == nil {
			t.Errorf("Check(%q) found nothing", bad)
		}
		if err := Check(Text(bad)); err != nil {
			t.Errorf("Check(Text(%q)): %v", bad, err)
		}
	}
	if err := Check("alice 日本語 👩"); err != nil {
		t.Errorf("clean text refused: %v", err)
	}
}
