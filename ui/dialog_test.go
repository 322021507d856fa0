package ui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

func testForm(st *Styles) string {
	return strings.Join([]string{
		FormField(st, "User id", "> alice█", "", true),
		FormField(st, "Duration (minutes, 1-20160)", "> 99999", "must be 1 to 20160 minutes", false),
		Toggle(st, "publish", true, false) + "   " + Toggle(st, "subscribe", false, false),
		"",
		Button(st, "Mint token", false),
	}, "\n")
}

func TestDialogGolden(t *testing.T) {
	st := NewStyles()
	for _, w := range []int{80, 160} {
		t.Run(fmt.Sprintf("confirm/%d", w), func(t *testing.T) {
			out := Confirm(st, "Disconnect participant",
				"Disconnect alice (hHZ2AeJ6hZVv) from main-broadcast? They can rejoin with a valid token.", "", w, 24)
			checkBlock(t, "confirm", out, w, 24)
			requireGolden(t, out)
		})
		t.Run(fmt.Sprintf("form/%d", w), func(t *testing.T) {
			out := RenderDialog(st, DialogSpec{
				Title: "Mint a participant token for main-broadcast",
				Body:  testForm(st),
				Hints: []key.Binding{
					key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
					key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "mint")),
					key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
				},
			}, w, 24)
			checkBlock(t, "form", out, w, 24)
			requireGolden(t, out)
		})
	}
}

func TestConfirmContent(t *testing.T) {
	st := NewStyles()
	out := Confirm(st, "Delete stage", "Delete stage \x1b]0;pwned\x07main\u202e and end its session?", "", 80, 24)
	plain := ansi.Strip(out)
	for _, want := range []string{"Delete stage", "main and end its session?", "▸ [ No ]", "[ Yes ]", "enter = No · y = Yes"} {
		if !strings.Contains(plain, want) {
			t.Errorf("confirm lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(out, "\x1b]") || strings.Contains(out, "\u202e") {
		t.Fatalf("hostile name leaked into the dialog")
	}
	// No is the highlighted default: it is drawn in the focused button style.
	focused := st.ButtonFocused.Render("x")
	if !strings.Contains(out, focused[:strings.Index(focused, "x")]+"▸ [ No ]") {
		t.Errorf("[ No ] is not highlighted")
	}
	if got := ansi.Strip(Confirm(st, "t", "q", "y = yes · esc = no", 80, 24)); !strings.Contains(got, "y = yes · esc = no") {
		t.Errorf("custom hint: %q", got)
	}
}

func TestDialogClampedAndBodyCut(t *testing.T) {
	st := NewStyles()
	long := strings.Repeat("line of the body\n", 40)
	out := Dialog(st, "Title", long, "esc close", 50, 12)
	checkBlock(t, "dialog", out, 50, 12)
	plain := ansi.Strip(out)
	if !strings.Contains(plain, "Title") || !strings.Contains(plain, "esc close") || !strings.Contains(plain, "…") {
		t.Fatalf("a cut body keeps the title and footer and shows …:\n%s", plain)
	}
	for w := 1; w <= 200; w += 3 {
		for h := 1; h <= 30; h += 2 {
			out := Confirm(st, "Stop composition", "Stop the composition recording main-broadcast to S3 bucket my-recordings-bucket-with-a-long-name?", "", w, h)
			checkBlock(t, "confirm", out, w, h)
			out = RenderDialog(st, DialogSpec{Title: "Form", Body: testForm(st), Width: 90}, w, h)
			checkBlock(t, "form", out, w, h)
		}
	}
}

func TestOverlay(t *testing.T) {
	st := NewStyles()
	bg := strings.Repeat(strings.Repeat("b", 80)+"\n", 24)
	dlg := Dialog(st, "Hello", "centred", "", 80, 24)
	out := Overlay(bg, dlg, 80, 24)
	lines := strings.Split(out, "\n")
	if len(lines) != 24 {
		t.Fatalf("overlay has %d lines, want 24", len(lines))
	}
	checkBlock(t, "overlay", out, 80, 24)
	dw, dh := lipglossSize(dlg)
	top := (24 - dh) / 2
	left := (80 - dw) / 2
	if !strings.HasPrefix(ansi.Strip(lines[top]), strings.Repeat("b", left)+"╭") {
		t.Fatalf("dialog not centred: line %d = %q", top, ansi.Strip(lines[top]))
	}
	if !strings.Contains(ansi.Strip(out), "centred") || ansi.Strip(lines[0]) != strings.Repeat("b", 80) {
		t.Fatalf("overlay lost the dialog or the background")
	}
	// A wide background rune under the dialog's edge does not overflow.
	wide := strings.Repeat(strings.Repeat("日", 40)+"\n", 24)
	for w := 1; w <= 120; w += 7 {
		for h := 1; h <= 30; h += 4 {
			out := Overlay(wide, Dialog(st, "T", "body", "", w, h), w, h)
			checkBlock(t, "overlay", out, w, h)
			if n := strings.Count(out, "\n") + 1; n != h {
				t.Fatalf("overlay %dx%d has %d lines", w, h, n)
			}
		}
	}
}

func lipglossSize(s string) (int, int) {
	lines := strings.Split(s, "\n")
	w := 0
	for _, l := range lines {
		w = max(w, ansi.StringWidth(l))
	}
	return w, len(lines)
}

func TestFormHelpers(t *testing.T) {
	st := NewStyles()
	got := ansi.Strip(FormField(st, "User id", "> bob", "user id is too long", true))
	if got != "▸ User id\n  > bob\n  ✖ user id is too long" {
		t.Fatalf("focused field: %q", got)
	}
	got = ansi.Strip(FormField(st, "", "> x\n> y", "", false))
	if got != "  > x\n  > y" {
		t.Fatalf("unlabelled multi-line field: %q", got)
	}
	if got := ansi.Strip(Toggle(st, "publish", true, true)); got != "▸ [x] publish" {
		t.Fatalf("toggle: %q", got)
	}
	if got := ansi.Strip(Toggle(st, "subscribe", false, false)); got != "  [ ] subscribe" {
		t.Fatalf("toggle: %q", got)
	}
}

func BenchmarkOverlay(b *testing.B) {
	st := NewStyles()
	bg := strings.Repeat(strings.Repeat("background ", 15)+"\n", 48)
	dlg := Confirm(st, "Disconnect participant", "Disconnect alice from main-broadcast?", "", 160, 48)
	b.ReportAllocs()
	for b.Loop() {
		Overlay(bg, dlg, 160, 48)
	}
}

// A footer of hints wider than the dialog wraps between hints, so the last
// ones ("esc cancel") are not cut; with no room to spare it is one line.
func TestDialogFooterWraps(t *testing.T) {
	st := NewStyles()
	footer := "tab next · shift+tab back · space toggles · enter mint (ctrl+s in attributes) · esc cancel"
	out := ansi.Strip(Dialog(st, "Mint", "User id\nDuration", footer, 120, 40))
	checkBlock(t, "dialog", Dialog(st, "Mint", "User id\nDuration", footer, 120, 40), 120, 40)
	if !strings.Contains(out, "enter mint (ctrl+s in attributes)") || !strings.Contains(out, "esc cancel") {
		t.Fatalf("the footer lost a hint:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "enter mint (ctrl+") && !strings.Contains(l, "attributes)") {
			t.Fatalf("a hint was split across lines:\n%s", out)
		}
	}
	for w := 1; w <= 130; w += 3 {
		for h := 1; h <= 12; h++ {
			checkBlock(t, "wrapped footer", Dialog(st, "Mint", "User id\nDuration\nAttributes", footer, w, h), w, h)
		}
	}
	short := ansi.Strip(Dialog(st, "Mint", "User id", footer, 120, 5))
	if !strings.Contains(short, "User id") || !strings.Contains(short, "…") {
		t.Fatalf("with no room the footer is one cut line and the body stays:\n%s", short)
	}
}

// Key hints (DialogSpec.Hints) wrap between hints too.
func TestDialogHintsWrap(t *testing.T) {
	st := NewStyles()
	var hints []key.Binding
	for _, h := range [][2]string{{"enter", "create"}, {"esc", "cancel"}, {"tab", "next field"}, {"space", "toggle"}, {"ctrl+s", "submit from any field"}, {"shift+tab", "previous field"}} {
		hints = append(hints, key.NewBinding(key.WithKeys(h[0]), key.WithHelp(h[0], h[1])))
	}
	out := RenderDialog(st, DialogSpec{Title: "Create a stage", Body: "Name", Hints: hints}, 60, 20)
	checkBlock(t, "hints", out, 60, 20)
	plain := ansi.Strip(out)
	for _, want := range []string{"enter create", "ctrl+s submit from any field", "shift+tab previous field"} {
		if !strings.Contains(plain, want) {
			t.Fatalf("the footer lost %q:\n%s", want, plain)
		}
	}
}
