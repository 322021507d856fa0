package emulator

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// throttle keeps one token bucket per operation. Each bucket holds one
// second's worth of calls, so a burst of exactly the quota passes and the
// next call in that second is throttled, as AWS does.
type throttle struct {
	mu   sync.Mutex
	off  bool
	lims map[string]*rate.Limiter
}

func newThrottle(off bool) *throttle {
	return &throttle{off: off, lims: map[string]*rate.Limiter{}}
}

// cloudWatchTPS are CloudWatch's own quotas (its group in the catalogue
// runs at the lower of the two, for the client's sake).
var cloudWatchTPS = map[string]float64{"GetMetricData": ivs.GetMetricDataTPS, "ListMetrics": ivs.ListMetricsTPS}

// allow spends a token of op's bucket at now; false means answer 429.
func (t *throttle) allow(op string, now time.Time) bool {
	if t.off {
		return true
	}
	var r float64 // AWS's rate quota of the operation, per second
	if o, ok := ivs.Lookup(op); ok {
		r = o.Group.TPS()
	} else if r, ok = cloudWatchTPS[op]; !ok {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.lims[op]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(r), int(r))
		t.lims[op] = l
	}
	return l.AllowN(now, 1)
}
