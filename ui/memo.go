package ui

import (
	"strconv"
	"strings"
	"sync"
)

// memo remembers rendered strings by what they were rendered from: most of
// a frame is the previous frame's lines again (the footer, the breadcrumb,
// the table header, the cells of the rows that stayed on screen), and
// styling them again was most of a frame's cost. It is safe for concurrent
// use (one Styles may serve several programs) and bounded: when it holds
// limit entries it starts again empty, so a scroll through 10,000 rows
// costs no more memory than one screen's worth many times over.
type memo[K comparable] struct {
	mu    sync.Mutex
	limit int
	m     map[K]string
}

func newMemo[K comparable](limit int) *memo[K] {
	return &memo[K]{limit: limit, m: make(map[K]string)}
}

// get returns what render returned for key, calling it on the first use of
// key. A nil memo renders every time.
func (c *memo[K]) get(key K, render func() string) string {
	if c == nil {
		return render()
	}
	c.mu.Lock()
	out, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return out
	}
	out = render()
	c.mu.Lock()
	if len(c.m) >= c.limit {
		clear(c.m)
	}
	c.m[key] = out
	c.mu.Unlock()
	return out
}

// memoKey joins the strings a memoised line is rendered from into one key
// that no other list of strings gives (each is prefixed by its length).
func memoKey(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}
