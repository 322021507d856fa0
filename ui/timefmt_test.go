package ui

import (
	"testing"
	"time"
)

func TestTimeAge(t *testing.T) {
	now := time.Date(2025, 11, 28, 12, 7, 31, 0, time.UTC)
	cases := []struct {
		t    time.Time
		want string
	}{
		{time.Time{}, "—"},
		{now.Add(-3 * time.Minute), "12:04:31, 3m ago"},
		{now.Add(-42 * time.Second), "12:06:49, 42s ago"},
		{now.Add(-300 * time.Millisecond), "12:07:30, just now"},
		{now.Add(20 * time.Second), "12:07:51, just now"}, // small clock skew
		{now.Add(3 * time.Minute), "12:10:31, in 3m"},
		{now.Add(12 * time.Hour), "Nov 29 00:07:31, in 12h00m"}, // a token's default expiry: tomorrow
		{now.Add(14 * 24 * time.Hour), "Dec 12 12:07:31, in 14d"},
		{now.Add(-(2*time.Hour + 5*time.Minute)), "10:02:31, 2h05m ago"},
		{now.Add(-4*24*time.Hour - 3*time.Minute), "Nov 24 12:04, 4d ago"},
	}
	for _, c := range cases {
		if got := TimeAge(c.t, now); got != c.want {
			t.Errorf("TimeAge(%v) = %q, want %q", c.t, got, c.want)
		}
	}
	// The clock is shown in now's zone.
	tokyo := time.FixedZone("JST", 9*3600)
	if got := TimeAge(now.Add(-time.Minute), now.In(tokyo)); got != "21:06:31, 1m ago" {
		t.Errorf("in JST: %q", got)
	}
}

func TestClock(t *testing.T) {
	now := time.Date(2025, 11, 28, 12, 7, 31, 0, time.UTC)
	if got := Clock(now.Add(-time.Hour), now); got != "11:07:31" {
		t.Errorf("same day: %q", got)
	}
	if got := Clock(now.Add(-13*time.Hour), now); got != "Nov 27 23:07:31" {
		t.Errorf("day before: %q", got)
	}
	if got := Clock(time.Time{}, now); got != "—" {
		t.Errorf("zero: %q", got)
	}
}

func TestAge(t *testing.T) {
	now := time.Date(2025, 11, 28, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{59 * time.Second, "59s"},
		{3 * time.Minute, "3m"},
		{3*time.Minute + 59*time.Second, "3m"},
		{2*time.Hour + 5*time.Minute, "2h05m"},
		{23*time.Hour + 59*time.Minute, "23h59m"},
		{4 * 24 * time.Hour, "4d"},
		{-time.Hour, "0s"}, // skew: not negative
	}
	for _, c := range cases {
		if got := Age(now.Add(-c.d), now); got != c.want {
			t.Errorf("Age(-%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := Age(time.Time{}, now); got != "—" {
		t.Errorf("Age(zero) = %q", got)
	}
}

func TestDuration(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{-time.Second, "0s"},
		{0, "0s"},
		{450 * time.Millisecond, "450ms"},
		{42 * time.Second, "42s"},
		{3*time.Minute + 4*time.Second, "3m04s"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1h02m03s"},
		{50*time.Hour + 4*time.Minute, "2d02h04m"},
	}
	for _, c := range cases {
		if got := Duration(c.d); got != c.want {
			t.Errorf("Duration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCounted(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 errors"}, {1, "1 error"}, {2, "2 errors"}, {10000, "10,000 errors"}} {
		if got := Counted(c.n, "error"); got != c.want {
			t.Errorf("Counted(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
