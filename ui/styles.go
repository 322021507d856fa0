// Package ui renders ivsdash's screens: styles, the virtualised table, the
// event timeline, the status bar, breadcrumbs, dialog frames, help, charts
// of metrics over time, and the sanitising of untrusted text. It holds no
// application state and does no I/O: every function takes plain values and
// a size and returns a string whose lines fit that size.
package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles holds every lipgloss style of the program. It is built once with
// NewStyles (or NewStylesFor when the terminal's background is known) and
// passed down, so no view creates styles of its own.
//
// Colour is never the only signal: every badge also carries a symbol and a
// word, so the screen stays readable under NO_COLOR or an ASCII profile.
type Styles struct {
	// Text tones, also used by the state badges.
	Normal lipgloss.Style
	Bold   lipgloss.Style
	Muted  lipgloss.Style
	Accent lipgloss.Style
	Good   lipgloss.Style
	Warn   lipgloss.Style
	Bad    lipgloss.Style
	Info   lipgloss.Style
	Live   lipgloss.Style

	// Section titles inside a pane ("Events", "Destinations").
	Section lipgloss.Style

	// The header line.
	HeaderApp    lipgloss.Style
	HeaderPane   lipgloss.Style
	HeaderDetail lipgloss.Style

	// Tables and timelines.
	TableHeader   lipgloss.Style
	TableSelected lipgloss.Style
	TableEmpty    lipgloss.Style
	TimelineError lipgloss.Style // a whole error row
	TimelineNote  lipgloss.Style // the meaning/fix line under an error

	// Status bar and flash messages.
	StatusMode     lipgloss.Style
	StatusReadOnly lipgloss.Style
	StatusStale    lipgloss.Style
	StatusText     lipgloss.Style
	StatusSep      lipgloss.Style
	FlashInfo      lipgloss.Style
	FlashSuccess   lipgloss.Style
	FlashError     lipgloss.Style
	FlashAlert     lipgloss.Style

	// Breadcrumbs.
	CrumbPart    lipgloss.Style
	CrumbCurrent lipgloss.Style
	CrumbSep     lipgloss.Style

	// Dialogs and forms.
	DialogFrame       lipgloss.Style // border and padding
	DialogDangerFrame lipgloss.Style // border of a destructive confirmation
	DialogTitle       lipgloss.Style
	DialogFooter      lipgloss.Style
	Button            lipgloss.Style
	ButtonFocused     lipgloss.Style
	FormLabel         lipgloss.Style
	FormLabelFocused  lipgloss.Style
	FormError         lipgloss.Style

	// Help.
	HelpTitle lipgloss.Style
	HelpKey   lipgloss.Style
	HelpDesc  lipgloss.Style
	HelpSep   lipgloss.Style

	// What every frame shows many times, rendered once by NewStylesFor:
	// the state badges and the fixed markers.
	badges map[badgeKey]string
	fixed  fixedMarks
	// Lines and table cells rendered in recent frames (see memo).
	lines *memo[lineKey]
	cells *memo[cellKey]
}

// lineKey is what a memoised line is rendered from: what it is, the text
// or the inputs it is made of, and its width.
type lineKey struct {
	what, from string
	width      int
}

// fixedMarks are the fixed strings a frame repeats, styled once.
type fixedMarks struct {
	noState, published, unpublished, live, ended string
}

// Fixed ANSI 256 colours chosen to read on both light and dark backgrounds.
var (
	colGood   = lipgloss.Color("35")  // green
	colWarn   = lipgloss.Color("172") // orange
	colBad    = lipgloss.Color("160") // red
	colInfo   = lipgloss.Color("33")  // blue
	colLive   = lipgloss.Color("169") // pink
	colAccent = lipgloss.Color("63")  // violet
	colWhite  = lipgloss.Color("15")
)

// Themes are the built-in colour themes, k9s's skins: the name of each
// and whether it is for a dark background.
var Themes = map[string]bool{"dark": true, "light": false}

// ThemeStyles returns the styles of a built-in theme; an unknown name or ""
// is the default, dark.
func ThemeStyles(name string) *Styles {
	if dark, ok := Themes[name]; ok {
		return NewStylesFor(dark)
	}
	return NewStyles()
}

// NewStyles returns the styles for a dark background, the common terminal
// default; call NewStylesFor once tea.BackgroundColorMsg says otherwise.
func NewStyles() *Styles { return NewStylesFor(true) }

// NewStylesFor returns the styles for a dark (isDark) or light background.
func NewStylesFor(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	muted := ld(lipgloss.Color("243"), lipgloss.Color("245"))
	subtleBg := ld(lipgloss.Color("254"), lipgloss.Color("236"))
	selBg := ld(lipgloss.Color("153"), lipgloss.Color("24"))
	selFg := ld(lipgloss.Color("16"), lipgloss.Color("15"))
	border := ld(lipgloss.Color("250"), lipgloss.Color("240"))

	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := &Styles{
		Normal: lipgloss.NewStyle(),
		Bold:   lipgloss.NewStyle().Bold(true),
		Muted:  fg(muted),
		Accent: fg(colAccent).Bold(true),
		Good:   fg(colGood),
		Warn:   fg(colWarn),
		Bad:    fg(colBad).Bold(true),
		Info:   fg(colInfo),
		Live:   fg(colLive).Bold(true),

		Section: fg(colAccent).Bold(true).Underline(true),

		HeaderApp:    lipgloss.NewStyle().Background(colAccent).Foreground(colWhite).Bold(true),
		HeaderPane:   lipgloss.NewStyle().Bold(true),
		HeaderDetail: fg(muted),

		TableHeader:   fg(muted).Bold(true),
		TableSelected: lipgloss.NewStyle().Background(selBg).Foreground(selFg).Bold(true),
		TableEmpty:    fg(muted).Italic(true),
		TimelineError: fg(colBad).Bold(true),
		TimelineNote:  fg(colWarn),

		StatusMode:     lipgloss.NewStyle().Background(subtleBg).Bold(true),
		StatusReadOnly: fg(colWarn).Bold(true),
		StatusStale:    fg(colBad).Bold(true),
		StatusText:     fg(muted),
		StatusSep:      fg(border),
		FlashInfo:      fg(colInfo),
		FlashSuccess:   fg(colGood).Bold(true),
		FlashError:     fg(colBad).Bold(true),
		FlashAlert:     fg(colWarn).Bold(true),

		CrumbPart:    fg(muted),
		CrumbCurrent: fg(colAccent).Bold(true),
		CrumbSep:     fg(border),

		DialogFrame: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).
			BorderForeground(colAccent).Padding(0, 1),
		DialogDangerFrame: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).
			BorderForeground(colBad).Padding(0, 1),
		DialogTitle:      lipgloss.NewStyle().Bold(true),
		DialogFooter:     fg(muted),
		Button:           fg(muted),
		ButtonFocused:    lipgloss.NewStyle().Background(selBg).Foreground(selFg).Bold(true),
		FormLabel:        fg(muted),
		FormLabelFocused: fg(colAccent).Bold(true),
		FormError:        fg(colBad),

		HelpTitle: fg(colAccent).Bold(true),
		HelpKey:   lipgloss.NewStyle().Bold(true),
		HelpDesc:  fg(muted),
		HelpSep:   fg(border),
	}
	s.badges = s.renderBadges()
	s.lines = newMemo[lineKey](256)
	s.cells = newMemo[cellKey](4096)
	s.fixed = fixedMarks{
		noState:     s.Muted.Render("—"),
		published:   s.Good.Render("▲ yes"),
		unpublished: s.Muted.Render("  no"),
		live:        s.Live.Render("◆ LIVE"),
		ended:       s.Muted.Render("■ ENDED"),
	}
	return s
}
