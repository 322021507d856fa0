package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Charts of metrics over time: a one-line sparkline for table rows and a
// line chart with its axes, the current, least and greatest values, an
// optional limit and event markers at their times. Colour is never the only
// signal: values over the limit are also above the limit's dashed line,
// and markers are numbered ▲ on the time axis with a legend line each.

// ChartPoint is one value at the start of its period. metrics.Point has the
// same fields, so ui.ChartPoint(p) converts one.
type ChartPoint struct {
	Time  time.Time
	Value float64
}

// sparkLevels are the eight heights of a sparkline cell.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws the slots start, start+step, ... (width of them) as one
// line: each slot's value as a bar scaled between 0 and the greatest
// value, a blank where there is no data. Points outside the slots are
// ignored; several in one slot count their greatest.
func Sparkline(st *Styles, pts []ChartPoint, start time.Time, step time.Duration, width int) string {
	if width <= 0 || step <= 0 {
		return ""
	}
	slots, ok := bucket(pts, start, step, width, math.Max)
	top := 0.0
	for i, v := range slots {
		if ok[i] {
			top = max(top, v)
		}
	}
	var b strings.Builder
	for i, v := range slots {
		switch {
		case !ok[i]:
			b.WriteByte(' ')
		case top <= 0:
			b.WriteRune(sparkLevels[0])
		default:
			b.WriteRune(sparkLevels[int(math.Round(v/top*float64(len(sparkLevels)-1)))])
		}
	}
	return st.Accent.Render(b.String())
}

// bucket puts points into n slots of step from start, combining several in
// one slot with merge; ok says which slots have data.
func bucket(pts []ChartPoint, start time.Time, step time.Duration, n int, merge func(a, b float64) float64) ([]float64, []bool) {
	vals, ok := make([]float64, n), make([]bool, n)
	for _, p := range pts {
		if p.Time.Before(start) || math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			continue
		}
		i := int(p.Time.Sub(start) / step)
		if i >= n {
			continue
		}
		if ok[i] {
			vals[i] = merge(vals[i], p.Value)
		} else {
			vals[i], ok[i] = p.Value, true
		}
	}
	return vals, ok
}

// stretch repeats each slot per times, so a short series fills the width.
func stretch(vals []float64, ok []bool) func(per int) ([]float64, []bool) {
	return func(per int) ([]float64, []bool) {
		if per == 1 {
			return vals, ok
		}
		v, k := make([]float64, 0, len(vals)*per), make([]bool, 0, len(ok)*per)
		for i := range vals {
			for range per {
				v, k = append(v, vals[i]), append(k, ok[i])
			}
		}
		return v, k
	}
}

// ChartMarker is an event on the time axis.
type ChartMarker struct {
	Time  time.Time
	Label string // untrusted text is sanitised
}

// Chart is a line chart's data and size.
type Chart struct {
	Title  string
	Points []ChartPoint
	// Start and End bound the time axis; Step is the period of the points
	// (a column covers Step or more).
	Start, End time.Time
	Step       time.Duration
	// Format writes a value for the axis and the figures ("3.2 Mb/s");
	// nil prints it with up to one decimal.
	Format func(float64) string
	// Limit, when HasLimit, is drawn as a dashed line (a quota, a maximum
	// bitrate); values over it are drawn in the alert colour as well.
	Limit    float64
	HasLimit bool
	Markers  []ChartMarker
	// Location for the axis's clock times; nil is UTC.
	Location *time.Location
}

// Render draws the chart in width x height cells: a title line with the
// current, least and greatest values, the plot with its value axis, the
// time axis with the markers, the clock times, and a legend line per
// marker (as many as fit).
func (c Chart) Render(st *Styles, width, height int) string {
	if width < 20 || height < 5 {
		return ClampBlock(st.Muted.Render(sanitizeLine(c.Title)+" (too small to chart)"), width, height)
	}
	format := c.Format
	if format == nil {
		format = func(v float64) string { return trimFloat(v) }
	}
	loc := c.Location
	if loc == nil {
		loc = time.UTC
	}
	lines := []string{c.titleLine(st, format, width)}

	markers := c.Markers
	legend := min(len(markers), max(0, height-8))
	plotH := height - 3 - legend
	lo, hi := 0.0, 0.0
	have := false
	for _, p := range c.Points {
		if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			continue
		}
		if !have {
			lo, hi, have = p.Value, p.Value, true
		}
		lo, hi = min(lo, p.Value), max(hi, p.Value)
	}
	if c.HasLimit {
		hi = max(hi, c.Limit)
	}
	lo = min(lo, 0) // bars grow from zero
	if hi <= lo {
		hi = lo + 1
	}
	top, bottom := format(hi), format(lo)
	axisW := max(ansi.StringWidth(top), ansi.StringWidth(bottom))
	plotW := width - axisW - 2
	if plotW < 4 {
		return ClampBlock(lines[0], width, height)
	}
	span := c.End.Sub(c.Start)
	step := c.Step
	if step <= 0 || span <= 0 {
		step, span = time.Minute, time.Duration(plotW)*time.Minute
	}
	// Several columns a step when they fit (each step as wide as the
	// others), else several steps a column.
	slotStep := max(step, (span+time.Duration(plotW)-1)/time.Duration(plotW))
	slots := int((span + slotStep - 1) / slotStep)
	per := max(1, plotW/max(1, slots))
	vals, ok := stretch(bucket(c.Points, c.Start, slotStep, slots, math.Max))(per)
	cols := len(vals)
	colStep := slotStep / time.Duration(per)

	if !have {
		for r := range plotH {
			row := strings.Repeat(" ", axisW) + " " + st.Muted.Render("│")
			if r == plotH/2 {
				row += " " + st.Muted.Render("no data")
			}
			lines = append(lines, row)
		}
	} else {
		limitRow := -1
		if c.HasLimit {
			limitRow = plotH - 1 - int(math.Round((c.Limit-lo)/(hi-lo)*float64(plotH-1)))
		}
		for r := range plotH {
			label := ""
			switch r {
			case 0:
				label = top
			case plotH - 1:
				label = bottom
			case limitRow:
				label = format(c.Limit)
			}
			row := []string{st.Muted.Render(fmt.Sprintf("%*s", axisW, label) + " │")}
			row = append(row, c.plotRow(st, vals, ok, r, plotH, lo, hi, limitRow))
			lines = append(lines, strings.Join(row, ""))
		}
	}
	lines = append(lines, c.timeAxis(st, axisW, cols, colStep, markers))
	lines = append(lines, c.clockLine(st, axisW, cols, colStep, loc))
	for i := range legend {
		m := markers[i]
		lines = append(lines, st.Bad.Render(fmt.Sprintf("%*s ▲%d", axisW, "", i+1))+" "+
			m.Time.In(loc).Format("15:04")+" "+sanitizeLine(m.Label))
	}
	if len(markers) > legend && legend > 0 {
		lines[len(lines)-1] += st.Muted.Render(fmt.Sprintf(" (+%d more)", len(markers)-legend))
	}
	return ClampBlock(strings.Join(lines, "\n"), width, height)
}

// plotRow draws row r (0 at the top) of the bars: each column filled in
// eighths up to its value, the limit's row dashed where a bar does not
// reach it, bars over the limit in the alert colour.
func (c Chart) plotRow(st *Styles, vals []float64, ok []bool, r, rows int, lo, hi float64, limitRow int) string {
	var b strings.Builder
	var run strings.Builder
	runStyle := 0 // 0 plain, 1 line, 2 over, 3 limit
	flush := func() {
		if run.Len() == 0 {
			return
		}
		s := run.String()
		switch runStyle {
		case 1:
			s = st.Accent.Render(s)
		case 2:
			s = st.Bad.Render(s)
		case 3:
			s = st.Muted.Render(s)
		}
		b.WriteString(s)
		run.Reset()
	}
	cellBottom := float64(rows-1-r) / float64(rows) // share of the height below this row
	for i, v := range vals {
		ch, style := ' ', 0
		if ok[i] {
			h := (v - lo) / (hi - lo) // 0..1
			fill := (h - cellBottom) * float64(rows)
			switch {
			case fill >= 1:
				ch = '█'
			case fill > 0:
				ch = sparkLevels[min(len(sparkLevels)-1, int(fill*8))]
			case r == rows-1:
				ch = '▁' // a zero still shows there is data
			}
			if ch != ' ' {
				style = 1
				if c.HasLimit && v > c.Limit {
					style = 2
				}
			}
		}
		if ch == ' ' && r == limitRow {
			ch, style = '╌', 3
		}
		if style != runStyle {
			flush()
			runStyle = style
		}
		run.WriteRune(ch)
	}
	flush()
	return b.String()
}

// timeAxis is the axis line with a numbered ▲ under each marker's time.
func (c Chart) timeAxis(st *Styles, axisW, cols int, colStep time.Duration, markers []ChartMarker) string {
	axis := []rune(strings.Repeat("─", cols))
	var at []int
	for _, m := range markers {
		col := int(m.Time.Sub(c.Start) / colStep)
		if m.Time.Before(c.Start) || col >= cols {
			continue
		}
		at = append(at, col)
	}
	slices.Sort(at)
	var b strings.Builder
	b.WriteString(st.Muted.Render(strings.Repeat(" ", axisW) + " └"))
	prev := 0
	for _, col := range slices.Compact(at) {
		b.WriteString(st.Muted.Render(string(axis[prev:col])))
		b.WriteString(st.Bad.Render("▲"))
		prev = col + 1
	}
	b.WriteString(st.Muted.Render(string(axis[prev:])))
	return b.String()
}

// clockLine writes the clock times of the axis's start, middle and end.
func (c Chart) clockLine(st *Styles, axisW, cols int, colStep time.Duration, loc *time.Location) string {
	line := []rune(strings.Repeat(" ", cols))
	put := func(col int, t time.Time) {
		s := []rune(t.In(loc).Format("15:04"))
		col = min(max(col, 0), cols-len(s))
		if col < 0 {
			return
		}
		for i := range s {
			if line[col+i] != ' ' {
				return
			}
		}
		copy(line[col:], s)
	}
	put(0, c.Start)
	put(cols-5, c.Start.Add(time.Duration(cols)*colStep))
	if cols >= 24 {
		put(cols/2-2, c.Start.Add(time.Duration(cols/2)*colStep))
	}
	return st.Muted.Render(strings.Repeat(" ", axisW+2) + string(line))
}

// titleLine is the title and the current, least and greatest values.
func (c Chart) titleLine(st *Styles, format func(float64) string, width int) string {
	title := st.Section.Render(sanitizeLine(c.Title))
	var figures []string
	if n := len(c.Points); n > 0 {
		lo, hi := c.Points[0].Value, c.Points[0].Value
		for _, p := range c.Points {
			lo, hi = min(lo, p.Value), max(hi, p.Value)
		}
		now := c.Points[n-1].Value
		cur := "now " + format(now)
		if c.HasLimit && now > c.Limit {
			cur = st.Bad.Render(cur + " ▲ over " + format(c.Limit))
		} else {
			cur = st.Bold.Render(cur)
		}
		figures = append(figures, cur, "min "+format(lo), "max "+format(hi))
	}
	return ansi.Truncate(strings.Join(append([]string{title}, figures...), "  "), width, "…")
}

// sanitizeLine makes untrusted text one safe line.
func sanitizeLine(s string) string { return strings.ReplaceAll(Sanitize(s), "\n", " ") }

// trimFloat writes a value with at most one decimal and SI suffixes.
func trimFloat(v float64) string {
	abs := math.Abs(v)
	switch {
	case abs >= 1e9:
		return trimZero(fmt.Sprintf("%.1f", v/1e9)) + "G"
	case abs >= 1e6:
		return trimZero(fmt.Sprintf("%.1f", v/1e6)) + "M"
	case abs >= 1e4:
		return trimZero(fmt.Sprintf("%.1f", v/1e3)) + "k"
	}
	return trimZero(fmt.Sprintf("%.1f", v))
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// BitRate formats bits per second ("3.2 Mb/s"), for Chart.Format.
func BitRate(v float64) string {
	switch abs := math.Abs(v); {
	case abs >= 1e6:
		return trimZero(fmt.Sprintf("%.1f", v/1e6)) + " Mb/s"
	case abs >= 1e3:
		return trimZero(fmt.Sprintf("%.0f", v/1e3)) + " kb/s"
	}
	return trimZero(fmt.Sprintf("%.0f", v)) + " b/s"
}

// Percent formats a percentage ("0.4%"), for Chart.Format.
func Percent(v float64) string { return trimZero(fmt.Sprintf("%.1f", v)) + "%" }
