package emulator

import (
	"errors"
	"fmt"
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// Scale: Options.Participants and Options.Stages make the simulated account
// as big as a large customer's, to measure the dashboard against: N
// participants in the broadcast's live session and M stages in the account.
// Everything is inserted into the backend directly under one lock (no HTTP,
// no tokens), in time order, so every invariant the operations rely on
// holds: creation sequences ascend in every collection (paging), ids are
// registered as used, each participant's events ascend in sequence and in
// time, the session's published index is kept, and the quotas hold (12
// publishers, 10,000 connected subscribers, 1,000 stages). Participants and
// events come from slabs, so a participant costs a few allocations, not
// dozens.

// MaxParticipants bounds Options.Participants. A session admits 10,000
// connected subscribers; beyond that the crowd holds people who left.
const MaxParticipants = 50_000

const (
	// crowdPublishers leaves room for the simulation's own hosts (up to 4)
	// under the 12-publisher quota.
	crowdPublishers = 8
	maxDeparted     = 20
	// crowdSubscriberRoom keeps the simulation's own viewers under the
	// subscriber quota next to the crowd.
	crowdSubscriberRoom = 200
	crowdSpan           = 40 * time.Minute
	crowdLeftShare      = 0.12
	crowdChurn          = 4
	// One generated stage in smallSessionEvery has a live session.
	smallSessionEvery = 8
)

// checkScale validates the scale options.
func checkScale(o Options) error {
	if o.Participants < 0 || o.Participants > MaxParticipants {
		return fmt.Errorf("emulator: participants %d must be between 0 and %d", o.Participants, MaxParticipants)
	}
	if o.Stages < 0 || o.Stages > ivs.MaxStages {
		return fmt.Errorf("emulator: stages %d must be between 0 and %d (the quota of stages per region)", o.Stages, ivs.MaxStages)
	}
	if (o.Participants > 0 || o.Stages > 0) && !o.Simulate {
		return errors.New("emulator: participants and stages fill the simulated account: turn the simulation on too (--simulate)")
	}
	return nil
}

// crowdPlan is the shape of a generated session.
type crowdPlan struct {
	subscribers   int           // participants who only subscribe
	publishers    int           // participants publishing now
	departed      int           // participants who published and left
	leftShare     float64       // share of subscribers who came and went
	subscriberCap int           // connected subscribers at most
	span          time.Duration // how long a new session has been live
}

// plan for a crowd of n in the busiest session.
func bigCrowd(n int) crowdPlan {
	pubs := min(crowdPublishers, (n+19)/20)
	departed := min(maxDeparted, n/1000, n-pubs)
	return crowdPlan{
		subscribers:   n - pubs - departed,
		publishers:    pubs,
		departed:      departed,
		leftShare:     crowdLeftShare,
		subscriberCap: ivs.MaxSubscribersPerStage - crowdSubscriberRoom,
		span:          crowdSpan,
	}
}

// crowd is a generated session the simulation keeps moving.
type crowd struct {
	stageID, stageARN, sessionID string
	publishers                   []string // never changes after generation
	online, offline              []string // subscribers connected, and gone (who may come back)
	target                       int      // connected subscribers the churn hovers around
}

// slab hands out participants, events and small slices from a few large
// allocations. A slice it hands out has its capacity capped, so appending
// to it reallocates instead of running into its neighbour.
type slab struct {
	events []event
	parts  []participant
	ptrs   []*event
	strs   []string
}

func (s *slab) event() *event             { return slabNext(&s.events, 4096) }
func (s *slab) participant() *participant { return slabNext(&s.parts, 1024) }
func (s *slab) eventList(n int) []*event  { return slabList(&s.ptrs, n, 16384) }
func (s *slab) stringList(n int) []string { return slabList(&s.strs, n, 16384) }

// slabNext hands out the first element of *buf, refilling it with chunk
// fresh ones when it is used up.
func slabNext[T any](buf *[]T, chunk int) *T {
	if len(*buf) == 0 {
		*buf = make([]T, chunk)
	}
	v := &(*buf)[0]
	*buf = (*buf)[1:]
	return v
}

// slabList hands out an empty slice with room for n.
func slabList[T any](buf *[]T, n, chunk int) []T {
	if len(*buf) < n {
		*buf = make([]T, max(n, chunk))
	}
	l := (*buf)[:0:n]
	*buf = (*buf)[n:]
	return l
}

// The attribute maps of generated participants are shared between them:
// nothing changes a participant's attributes in place (a replica gets a
// copy), and responses copy them.
var (
	viewerAttributes = []map[string]string{
		{"role": "viewer"},
		{"role": "viewer", "tier": "premium"},
		{"role": "viewer", "device": "mobile"},
		{"role": "viewer", "locale": "de-DE"},
		{"role": "viewer", "locale": "ja-JP", "tier": "premium"},
	}
	panelistAttributes = map[string]string{"role": "panelist", "featured": "false"}
	userFirstNames     = []string{"amara", "bjorn", "chloe", "diego", "elif", "farah", "goran", "hana", "ines", "jun",
		"kofi", "lena", "mateo", "nadia", "oskar", "priya", "quinn", "rosa", "sven", "tariq", "ulla", "vikram",
		"wen", "ximena", "yusuf", "zoe", "søren", "aiko", "łukasz", "renée"}
	stageKinds = []string{"webinar", "classroom", "town-hall", "support-call", "watch-party", "podcast", "squad",
		"fitness-class", "auction", "q-and-a", "office-hours", "concert"}
	stageTeams = []string{"video", "growth", "education", "support", "events"}
)

// plausibleUserID is a user id as customer backends put in tokens: mostly
// handles and opaque ids, some repeated guests, a few anonymous viewers.
func (b *backend) plausibleUserID(i int) string {
	switch r := b.rng.IntN(100); {
	case r < 2:
		return ""
	case r < 40:
		return fmt.Sprintf("%s.%c%d", userFirstNames[b.rng.IntN(len(userFirstNames))], 'a'+rune(b.rng.IntN(26)), 1+b.rng.IntN(999))
	case r < 65:
		return fmt.Sprintf("viewer-%05d", i)
	case r < 85:
		return fmt.Sprintf("u_%08x", b.rng.Uint32())
	default:
		return fmt.Sprintf("guest-%d", 1000+b.rng.IntN(9000))
	}
}

// addCrowd fills the live session of a stage (opening one that has been
// live for a while if there is none) with a generated crowd.
func (b *backend) addCrowd(stageARN string, plan crowdPlan) (*crowd, error) {
	now := b.lock()
	defer b.unlock()
	st, ok := b.stages.get(b.validator().arn("stageArn", stageARN, kindStage))
	if !ok {
		return nil, notFound(stageARN)
	}
	return b.fillSession(&slab{}, st, plan, now), nil
}

// fillSession generates the plan's participants into st's live session in
// the order they joined. Departed publishers rehearsed at the start; the
// publishers came next and subscribe to each other; subscribers joined
// steadily since, each subscribing to every publisher, and some left.
func (b *backend) fillSession(g *slab, st *stage, plan crowdPlan, now time.Time) *crowd {
	sess := st.active
	if sess == nil {
		sess = b.openSession(st, now.Add(-plan.span))
	}
	start, span := sess.start, now.Sub(sess.start)
	at := func(f float64) time.Time { return start.Add(time.Duration(f * float64(span))) }
	// A moment after t, never after now.
	after := func(t time.Time, d time.Duration) time.Time {
		if t = t.Add(d); t.After(now) {
			return now
		}
		return t
	}
	c := &crowd{stageID: st.id, stageARN: st.arn, sessionID: sess.id}

	for i := range plan.departed {
		t := at(0.01 + 0.002*float64(i))
		p := b.genJoin(g, sess, t, fmt.Sprintf("rehearsal-%02d", i+1), panelistAttributes, true, 4)
		b.genPublish(g, sess, p, after(t, time.Second))
		left := at(0.04 + 0.002*float64(i))
		p.publishing = false
		b.genEvent(g, p, left, "PUBLISH_STOPPED", "")
		p.state = "DISCONNECTED"
		b.genEvent(g, p, left, "LEFT", "")
	}

	pubs := make([]*participant, 0, plan.publishers)
	for i := range plan.publishers {
		t := at(0.06 + 0.0015*float64(i))
		p := b.genJoin(g, sess, t, fmt.Sprintf("panelist-%02d", i+1), panelistAttributes, true, 2*plan.publishers)
		b.genPublish(g, sess, p, after(t, time.Second))
		p.subs = g.stringList(plan.publishers - 1)
		ts := after(t, 2*time.Second)
		for _, q := range pubs {
			p.subs = append(p.subs, q.id)
			b.genEvent(g, p, ts, "SUBSCRIBE_STARTED", q.id)
			q.subs = append(q.subs, p.id)
			b.genEvent(g, q, ts, "SUBSCRIBE_STARTED", p.id)
		}
		pubs = append(pubs, p)
		c.publishers = append(c.publishers, p.id)
	}

	connected := subscribers(sess)
	for i := range plan.subscribers {
		// Join times ascend with creation order: one slot per subscriber.
		t := at(0.08 + 0.92*(float64(i)+b.rng.Float64())/float64(plan.subscribers))
		leaves := b.rng.Float64() < plan.leftShare || connected >= plan.subscriberCap
		events := 1 + len(pubs)
		if leaves {
			events += 1 + len(pubs)
		}
		attrs := viewerAttributes[b.rng.IntN(len(viewerAttributes))]
		p := b.genJoin(g, sess, t, b.plausibleUserID(i+1), attrs, false, events)
		var left time.Time
		if leaves {
			left = t.Add(time.Duration((0.2 + 0.8*b.rng.Float64()) * float64(now.Sub(t))))
		}
		ts := after(t, 1500*time.Millisecond)
		if leaves && ts.After(left) {
			ts = left
		}
		p.subs = g.stringList(len(pubs))
		for _, q := range pubs {
			p.subs = append(p.subs, q.id)
			b.genEvent(g, p, ts, "SUBSCRIBE_STARTED", q.id)
		}
		if !leaves {
			connected++
			c.online = append(c.online, p.id)
			continue
		}
		for _, q := range p.subs {
			b.genEvent(g, p, left, "SUBSCRIBE_STOPPED", q)
		}
		p.subs = nil
		p.state = "DISCONNECTED"
		b.genEvent(g, p, left, "LEFT", "")
		c.offline = append(c.offline, p.id)
	}
	c.target = len(c.online)
	return c
}

// genJoin adds a connected participant that joined at t, with room for
// its first events.
func (b *backend) genJoin(g *slab, sess *session, t time.Time, userID string, attrs map[string]string, publisher bool, events int) *participant {
	p := g.participant()
	*p = participant{
		meta:         meta{id: b.newID(), seq: b.nextSeq()},
		userID:       userID,
		attributes:   attrs,
		canPublish:   publisher,
		canSubscribe: true,
		state:        "CONNECTED",
		firstJoin:    t,
		protocol:     "WHIP",
		client:       b.plausibleClient(ClientInfo{}),
		events:       g.eventList(events),
	}
	sess.participants.add(p)
	b.genEvent(g, p, t, "JOINED", "")
	return p
}

// genPublish starts a generated participant's publish. Generated stages do
// not record participants, so there is no recording state to start.
func (b *backend) genPublish(g *slab, sess *session, p *participant, t time.Time) {
	p.publishing = true
	sess.markPublished(p)
	b.genEvent(g, p, t, "PUBLISH_STARTED", "")
}

func (b *backend) genEvent(g *slab, p *participant, t time.Time, name, remote string) {
	e := g.event()
	*e = event{name: name, at: t.UnixMilli(), remote: remote}
	b.appendEvent(p, e)
}

// addStages creates stages until the account has total, named like a
// customer's, one in smallSessionEvery with a small live session.
func (b *backend) addStages(total int) {
	now := b.lock()
	defer b.unlock()
	g := &slab{}
	for i := 0; b.stages.len() < min(total, ivs.MaxStages); i++ {
		name := fmt.Sprintf("%s-%03d", stageKinds[i%len(stageKinds)], i/len(stageKinds)+1)
		tags := map[string]string{"env": "load", "team": stageTeams[b.rng.IntN(len(stageTeams))]}
		st := b.newStage(name, tags, defaultAutoRec(), now)
		if i%smallSessionEvery != smallSessionEvery/2 {
			continue
		}
		n := 2 + b.rng.IntN(5)
		pubs := 1 + b.rng.IntN(2)
		b.fillSession(g, st, crowdPlan{
			subscribers:   n - pubs,
			publishers:    pubs,
			subscriberCap: n,
			span:          5*time.Minute + time.Duration(b.rng.IntN(30))*time.Minute,
		}, now)
	}
}

// rejoin brings a crowd member back into the session it left, the way a
// viewer reconnecting with its token does (same participant id, same
// record), subscribed to the crowd's publishers still publishing.
func (b *backend) rejoin(c *crowd, pid string) error {
	now := b.lock()
	defer b.unlock()
	st, ok := b.stages.get(c.stageID)
	if !ok || st.active == nil || st.active.id != c.sessionID {
		return notFound("live session " + c.sessionID + " of " + c.stageARN)
	}
	sess := st.active
	p, ok := sess.participants.get(pid)
	switch {
	case !ok:
		return notFound("participant " + pid + " in session " + sess.id)
	case p.connected():
		return conflict("participant %s is already connected", pid)
	case st.revoked[pid]:
		return accessDenied("participant %s was disconnected from %s and can no longer join it", pid, st.arn)
	case subscribers(sess) >= ivs.MaxSubscribersPerStage:
		return quotaExceeded("stage %s already has %d subscribers", st.arn, ivs.MaxSubscribersPerStage)
	}
	b.enter(sess, pid, now)
	b.record(p, now, "JOINED", event{})
	for _, pub := range c.publishers {
		if q := b.connectedParticipant(st, pub); q != nil && q.publishing {
			p.subs = append(p.subs, pub)
			b.record(p, now, "SUBSCRIBE_STARTED", event{remote: pub})
		}
	}
	return nil
}

// stepCrowd moves the crowd: a few viewers leave and a few come back each
// tick, hovering around the number connected at the start.
func (s *simulation) stepCrowd() {
	c := s.crowd
	if c == nil {
		return
	}
	leaves, comes := s.rng.IntN(crowdChurn+1), s.rng.IntN(crowdChurn+1)
	if len(c.online) > c.target {
		leaves++
	} else {
		comes++
	}
	for range leaves {
		if len(c.online) == 0 {
			break
		}
		id := takeRandom(s, &c.online)
		// A failure means the dashboard disconnected them or deleted the
		// stage: they are gone for good.
		if s.b.leave(c.stageARN, id) == nil {
			c.offline = append(c.offline, id)
		}
	}
	for range comes {
		if len(c.offline) == 0 {
			break
		}
		id := takeRandom(s, &c.offline)
		if s.b.rejoin(c, id) == nil {
			c.online = append(c.online, id)
		}
	}
}

// takeRandom removes a random element of a list (order is not kept).
func takeRandom(s *simulation, list *[]string) string {
	l := *list
	i := s.rng.IntN(len(l))
	id := l[i]
	l[i] = l[len(l)-1]
	*list = l[:len(l)-1]
	return id
}

// BusiestSession names the live session with the most participants (the
// crowd of Options.Participants, when there is one); ok is false when no
// stage is live.
func (e *Emulator) BusiestSession() (stageARN, sessionID string, ok bool) {
	b := e.b
	b.lock()
	defer b.unlock()
	most := -1
	for _, st := range b.stages.order {
		if st.active != nil && st.active.participants.len() > most {
			most = st.active.participants.len()
			stageARN, sessionID = st.arn, st.active.id
		}
	}
	return stageARN, sessionID, most >= 0
}
