package ui

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// FlashLevel is the kind of a transient flash message.
type FlashLevel int

// Flash levels.
const (
	FlashInfo FlashLevel = iota
	FlashSuccess
	FlashError
	FlashAlert
)

// StatusInfo is everything the status bar shows; the model fills it from its
// state each render.
type StatusInfo struct {
	Mode     string // "demo", or the profile and region ("prod @ us-east-1")
	Endpoint string // --endpoint-url or the emulator's address
	ReadOnly bool

	Paused   bool          // polling paused with p
	Interval time.Duration // polling interval of the visible pane
	// Settled, when set, says why the visible pane polls no more ("session
	// ended 14:02: nothing more to poll"), in place of the interval.
	Settled string

	Now         time.Time
	LastRefresh time.Time // last successful refresh
	Stale       bool      // the last refresh failed: data is LastRefresh old
	Loading     bool      // a refresh is in flight
	Progress    string    // what a long load has done so far ("listed 3,000…")
	// Failing names a background read that fails ("live figures
	// (GetStageSession)"): what it adds to the screen is unknown.
	Failing string
	// Pushed says how the events IVS pushes are read ("events pushed, the
	// last 12s ago"; "" with no queue); PushedDown: the queue stopped
	// answering and the dashboard polls instead.
	Pushed     string
	PushedDown bool

	CallsPerMin   int // API calls spent in the last minute
	AllowedPerMin int // the per-minute budget (0 = unknown)
	// BudgetOp names the operation CallsPerMin counts: AWS quotas are per
	// operation, so the figure is the busiest one's ("" = all calls).
	BudgetOp string
	// ConfiguredPerMin is AllowedPerMin before throttling slowed it down
	// (0 = not known); the full form says "slowed from" when they differ.
	ConfiguredPerMin int
	Throttled        int       // calls throttled (in the last minute)
	BackoffUntil     time.Time // backing off until then after a 429

	// SlowOp answered its last call in SlowLatency, slow enough to say
	// (the data is as fresh as the API is fast).
	SlowOp      string
	SlowLatency time.Duration

	LastError   string // in words, with the AWS exceptionMessage
	LastErrorAt time.Time

	Flash      string
	FlashLevel FlashLevel

	// Viewers is how many dashboards share this one's client and budget
	// (ivsdash serve's SSH sessions); 0 = a dashboard of its own, not shown.
	Viewers int
}

// statusSeg is one part of the status line: long and short forms and an
// importance (0 = most important, dropped last).
type statusSeg struct {
	long, short string
	prio        int
	full        string // optional, longer than long: the first to go when space is short
}

// StatusLines is the number of lines RenderStatus returns.
const StatusLines = 2

// RenderStatus renders the status bar: the first line says where the
// dashboard points (demo, or profile and region, endpoint), read-only,
// polling, the last refresh and its age, stale data, and the API budget; the
// second line the flash message or, without one, the last error. Parts
// shorten and then drop, least important first, as width shrinks. It always
// returns StatusLines lines (the second may be empty).
func RenderStatus(st *Styles, in StatusInfo, width int) string {
	if width <= 0 {
		return ""
	}
	return statusLine(st, in, width) + "\n" + flashLine(st, in, width)
}

func statusLine(st *Styles, in StatusInfo, width int) string {
	var segs []statusSeg
	add := func(long, short string, prio int) {
		segs = append(segs, statusSeg{long: long, short: short, prio: prio})
	}

	switch mode := Sanitize(in.Mode); mode {
	case "demo":
		add(st.StatusMode.Render(" ◇ demo: emulator "), st.StatusMode.Render(" demo "), 0)
	case "":
		add(st.StatusMode.Render(" aws "), st.StatusMode.Render(" aws "), 0)
	default:
		add(st.StatusMode.Render(" "+mode+" "), st.StatusMode.Render(" "+SanitizeTrunc(mode, 16)+" "), 0)
	}
	if in.ReadOnly {
		add(st.StatusReadOnly.Render("⊘ READ-ONLY"), st.StatusReadOnly.Render("⊘ READ-ONLY"), 2)
	}
	if in.Stale {
		age := Age(in.LastRefresh, in.Now)
		if in.LastRefresh.IsZero() {
			add(st.StatusStale.Render("⚠ NO DATA: refresh failed"), st.StatusStale.Render("⚠ NO DATA"), 1)
		} else {
			add(st.StatusStale.Render("⚠ STALE: data "+age+" old"), st.StatusStale.Render("⚠ STALE "+age), 1)
		}
	}
	if in.Failing != "" {
		add(st.StatusStale.Render("⚠ "+Sanitize(in.Failing)+" failing"), st.StatusStale.Render("⚠ "+SanitizeTrunc(in.Failing, 16)), 1)
	}
	if in.Pushed != "" {
		if in.PushedDown {
			add(st.StatusStale.Render("⚠ "+Sanitize(in.Pushed)), st.StatusStale.Render("⚠ queue down: polling"), 1)
		} else {
			add(st.StatusText.Render("⇣ "+Sanitize(in.Pushed)), st.StatusText.Render("⇣ pushed"), 4)
		}
	}
	if wait := in.BackoffUntil.Sub(in.Now); !in.BackoffUntil.IsZero() && wait > 0 {
		wait = wait.Round(time.Second)
		add(st.Warn.Render("backing off "+Duration(wait)), st.Warn.Render("backoff "+Duration(wait)), 3)
	}
	if in.SlowOp != "" && in.SlowLatency > 0 {
		secs := strconv.FormatFloat(in.SlowLatency.Seconds(), 'f', 1, 64) + "s"
		add(st.Warn.Render("slow API: "+Sanitize(in.SlowOp)+" took "+secs), st.Warn.Render("slow "+secs), 3)
	}
	if in.Loading {
		if in.Progress != "" {
			add(st.StatusText.Render("⟳ "+Sanitize(in.Progress)), st.StatusText.Render("⟳ loading"), 3)
		} else {
			add(st.StatusText.Render("⟳ loading…"), st.StatusText.Render("⟳"), 3)
		}
	}
	if in.Settled != "" {
		add(st.StatusText.Render("■ "+Sanitize(in.Settled)), st.StatusText.Render("■ not polling"), 3)
	} else if in.Paused {
		add(st.StatusText.Render("⏸ polling paused"), st.StatusText.Render("⏸ paused"), 3)
	} else if in.Interval > 0 {
		add(st.StatusText.Render("polling every "+Duration(in.Interval)), st.StatusText.Render("every "+Duration(in.Interval)), 6)
	}
	if !in.LastRefresh.IsZero() && !in.Stale {
		add(st.StatusText.Render("refreshed "+TimeAge(in.LastRefresh, in.Now)),
			st.StatusText.Render("↻ "+Age(in.LastRefresh, in.Now)), 5)
	}
	if in.AllowedPerMin > 0 || in.CallsPerMin > 0 {
		used := strconv.Itoa(in.CallsPerMin)
		limit := "?"
		if in.AllowedPerMin > 0 {
			limit = strconv.Itoa(in.AllowedPerMin)
		}
		style := st.StatusText
		if in.AllowedPerMin > 0 && in.CallsPerMin*5 >= in.AllowedPerMin*4 {
			style = st.Warn // 80% of the budget: production shares it
		}
		add(style.Render("api "+used+"/"+limit+" per min"), style.Render("api "+used+"/"+limit), 4)
		if in.BudgetOp != "" {
			full := "api " + Sanitize(in.BudgetOp) + " " + used + "/" + limit + " per min"
			if in.ConfiguredPerMin > in.AllowedPerMin && in.AllowedPerMin > 0 {
				full += " (slowed from " + strconv.Itoa(in.ConfiguredPerMin) + " after 429s)"
			}
			segs[len(segs)-1].full = style.Render(full)
		}
	}
	if in.Viewers > 0 {
		n := strconv.Itoa(in.Viewers)
		word := " viewers"
		if in.Viewers == 1 {
			word = " viewer"
		}
		add(st.StatusText.Render("shared by "+n+word), st.StatusText.Render(n+word), 4)
	}
	if in.Throttled > 0 {
		n := strconv.Itoa(in.Throttled)
		add(st.Warn.Render("throttled "+n), st.Warn.Render("thr "+n), 4)
	}
	if in.Endpoint != "" {
		ep := ShortEndpoint(in.Endpoint)
		add(st.StatusText.Render("→ "+ep), st.StatusText.Render("→ "+SanitizeTrunc(ep, 24)), 7)
	}

	sep := st.StatusSep.Render(" │ ")
	sepW := ansi.StringWidth(sep)
	short := make([]bool, len(segs))
	dropped := make([]bool, len(segs))
	full := true // segments with a full form show it until the first step
	measure := func() int {
		w, n := 0, 0
		for i, s := range segs {
			if dropped[i] {
				continue
			}
			if n > 0 {
				w += sepW
			}
			n++
			switch {
			case short[i]:
				w += ansi.StringWidth(s.short)
			case full && s.full != "":
				w += ansi.StringWidth(s.full)
			default:
				w += ansi.StringWidth(s.long)
			}
		}
		return w
	}
	if measure() > width {
		full = false
	}
	// Shorten the minor parts, drop the endpoint, shorten the major parts,
	// then drop from the least important up; the mode always stays.
	type step struct {
		prio int
		drop bool
	}
	steps := []step{{7, false}, {6, false}, {5, false}, {4, false}, {7, true},
		{3, false}, {2, false}, {1, false}, {0, false},
		{6, true}, {5, true}, {4, true}, {3, true}, {2, true}, {1, true}}
	for _, sp := range steps {
		if measure() <= width {
			break
		}
		for i := range segs {
			if segs[i].prio == sp.prio {
				if sp.drop {
					dropped[i] = true
				} else {
					short[i] = true
				}
			}
		}
	}
	parts := make([]string, 0, len(segs))
	for i, s := range segs {
		if dropped[i] {
			continue
		}
		switch {
		case short[i]:
			parts = append(parts, s.short)
		case full && s.full != "":
			parts = append(parts, s.full)
		default:
			parts = append(parts, s.long)
		}
	}
	line := strings.Join(parts, sep)
	if ansi.StringWidth(line) > width {
		line = ansi.Truncate(line, width, "…")
	}
	return line
}

func flashLine(st *Styles, in StatusInfo, width int) string {
	if in.Flash != "" {
		var style lipgloss.Style
		sym := "ℹ"
		switch in.FlashLevel {
		case FlashSuccess:
			style, sym = st.FlashSuccess, "✔"
		case FlashError:
			style, sym = st.FlashError, "✖"
		case FlashAlert:
			style, sym = st.FlashAlert, "⚠"
		default:
			style = st.FlashInfo
		}
		return style.Render(FitKeepingFix(sym+" "+in.Flash, width))
	}
	if in.LastError != "" {
		text := "✖ last error"
		if !in.LastErrorAt.IsZero() {
			text += " (" + Age(in.LastErrorAt, in.Now) + " ago)"
		}
		return st.FlashError.Render(FitKeepingFix(text+": "+in.LastError, width))
	}
	return ""
}

// FixSeparator joins what went wrong and its fix in an error sentence
// ("The AWS credentials have expired… — run `aws sso login`").
const FixSeparator = " — "

// FitKeepingFix sanitises an error sentence and fits it to width cells
// without losing its fix: when "what — fix" is too wide, the fix keeps
// up to a third of the line (at least 40 cells, at most half), what went
// wrong the rest. The fix is what the person acts on (the command to run,
// the permission to grant), and it comes last, where plain truncation
// would drop it.
func FitKeepingFix(s string, width int) string {
	s = Sanitize(s)
	if width <= 0 || ansi.StringWidth(s) <= width {
		return SanitizeTrunc(s, width)
	}
	i := strings.LastIndex(s, FixSeparator)
	if i <= 0 {
		return SanitizeTrunc(s, width)
	}
	what, fix := s[:i], s[i:]
	fixRoom := min(ansi.StringWidth(fix), min(max(width/3, 40), width/2))
	what = SanitizeTrunc(what, width-fixRoom)
	return what + SanitizeTrunc(fix, width-ansi.StringWidth(what))
}

// ShortEndpoint shortens an endpoint URL for display: no scheme, no trailing
// slash, and the AWS domain suffix dropped ("ivsrealtime.us-east-1").
func ShortEndpoint(endpoint string) string {
	e := Sanitize(endpoint)
	if u, err := url.Parse(e); err == nil && u.Host != "" {
		e = u.Host + strings.TrimSuffix(u.Path, "/")
	}
	e = strings.TrimSuffix(e, "/")
	e = strings.TrimSuffix(e, ".amazonaws.com")
	return e
}
