package emulator

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// opRates are the per-account request rates of IVS Real-Time in calls per
// second (https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/service-quotas.html). AWS does not let them be raised.
var opRates = map[string]float64{
	"CreateParticipantToken": 50,

	"CreateStage": 5, "GetStage": 5, "ListStages": 5, "UpdateStage": 5, "DeleteStage": 5,
	"ListStageSessions": 5, "GetStageSession": 5, "ListParticipants": 5, "GetParticipant": 5,
	"ListParticipantEvents": 5, "DisconnectParticipant": 5,

	"ImportPublicKey": 3, "GetPublicKey": 3, "ListPublicKeys": 3, "DeletePublicKey": 3,

	"TagResource": 10, "UntagResource": 10, "ListTagsForResource": 10,

	"StartComposition": 5, "StopComposition": 5, "GetComposition": 5, "ListCompositions": 5,
	"CreateEncoderConfiguration": 5, "GetEncoderConfiguration": 5, "ListEncoderConfigurations": 5, "DeleteEncoderConfiguration": 5,
	"CreateStorageConfiguration": 5, "GetStorageConfiguration": 5, "ListStorageConfigurations": 5, "DeleteStorageConfiguration": 5,
	"CreateIngestConfiguration": 5, "GetIngestConfiguration": 5, "ListIngestConfigurations": 5,
	"UpdateIngestConfiguration": 5, "DeleteIngestConfiguration": 5,

	"StartParticipantReplication": 5, "StopParticipantReplication": 5, "ListParticipantReplicas": 5,
}

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

// allow spends a token of op's bucket at now; false means answer 429.
func (t *throttle) allow(op string, now time.Time) bool {
	if t.off {
		return true
	}
	r, ok := opRates[op]
	if !ok {
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
