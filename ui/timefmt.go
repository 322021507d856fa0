package ui

import (
	"strconv"
	"time"
)

// NoTime is what an absent time or duration shows.
const NoTime = "—"

// TimeAge renders t as local clock time and its age: "12:04:31, 3m ago".
// Times more than a day old carry the date ("Nov 24 12:04, 4d ago"); times
// in the future beyond a minute of clock skew read "in 3m" (with the date
// when not today: "Nov 29 00:07:31, in 12h00m"). The location is
// now's, so callers pass time.Now() and tests a fixed zone.
func TimeAge(t, now time.Time) string {
	if t.IsZero() {
		return NoTime
	}
	lt := t.In(now.Location())
	d := now.Sub(t)
	switch {
	case d < -time.Minute:
		// A token's expiry can be up to 14 days ahead: past today, the date.
		return Clock(t, now) + ", in " + Age(now, t)
	case d < time.Second:
		return lt.Format("15:04:05") + ", just now"
	case d >= 24*time.Hour:
		return lt.Format("Jan 2 15:04") + ", " + Age(t, now) + " ago"
	}
	return lt.Format("15:04:05") + ", " + Age(t, now) + " ago"
}

// Clock renders t as local "15:04:05" (with the date "Jan 2 15:04:05" when
// it is not on now's day).
func Clock(t, now time.Time) string {
	if t.IsZero() {
		return NoTime
	}
	lt := t.In(now.Location())
	ln := now.In(now.Location())
	if lt.YearDay() != ln.YearDay() || lt.Year() != ln.Year() {
		return lt.Format("Jan 2 15:04:05")
	}
	return lt.Format("15:04:05")
}

// Age renders how long ago t was at now, coarsely: "42s", "3m", "2h05m",
// "4d". A t after now (clock skew) is "0s".
func Age(t, now time.Time) string {
	if t.IsZero() {
		return NoTime
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(max(d, 0)/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		h := int(d / time.Hour)
		m := int((d % time.Hour) / time.Minute)
		return strconv.Itoa(h) + "h" + pad2(m) + "m"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d"
}

// Duration renders d precisely but trimmed: "450ms", "42s", "3m04s",
// "1h02m03s", "2d03h04m". Negative durations are "0s".
func Duration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Second:
		return strconv.Itoa(int(d/time.Millisecond)) + "ms"
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m" + pad2(int(d%time.Minute/time.Second)) + "s"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h" + pad2(int(d%time.Hour/time.Minute)) + "m" +
			pad2(int(d%time.Minute/time.Second)) + "s"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d" + pad2(int(d%(24*time.Hour)/time.Hour)) + "h" +
		pad2(int(d%time.Hour/time.Minute)) + "m"
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
