package model

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
)

// BenchmarkFormKeystroke is one key typed into a form and the screen
// rendered again, as Bubble Tea does after every key: the cost of typing.
func BenchmarkFormKeystroke(b *testing.B) {
	a := newTestApp(120, 40)
	f := panes.NewIngestForm(a.ctx, a.top().ID(), "")
	a.Update(kit.OpenDialogMsg{Dialog: f})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
		if i%64 == 63 {
			a.Update(keyMsg("ctrl+u"))
		}
		_ = a.View()
	}
}

// BenchmarkTokenFormKeystroke is the same for the token form, for comparison.
func BenchmarkTokenFormKeystroke(b *testing.B) {
	a := newTestApp(120, 40)
	a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenForm(a.ctx, stageFixture()[0])})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
		if i%64 == 63 {
			a.Update(keyMsg("ctrl+u"))
		}
		_ = a.View()
	}
}

// BenchmarkCompositionFormKeystroke is the same for the longest form, the
// StartComposition form with both destinations on.
func BenchmarkCompositionFormKeystroke(b *testing.B) {
	a := newTestApp(120, 40)
	f := panes.NewCompositionForm(a.ctx, a.top().ID(), "")
	a.Update(kit.OpenDialogMsg{Dialog: f})
	for _, fl := range f.Fields() {
		if t, ok := fl.(*form.Toggle); ok && t.Label() == "record to S3" {
			t.On = true
		}
	}
	a.Update(keyMsg("tab"))
	a.Update(keyMsg("tab")) // the featured attribute: a text field
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
		if i%64 == 63 {
			a.Update(keyMsg("ctrl+u"))
		}
		_ = a.View()
	}
}
