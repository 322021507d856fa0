package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"

	"github.com/ivsdash/ivsdash/service/ivs"
)

func TestScaleOptionsAreChecked(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Simulate: true, Participants: -1}, "participants -1 must be between 0 and 50000"},
		{Options{Simulate: true, Participants: MaxParticipants + 1}, "between 0 and 50000"},
		{Options{Simulate: true, Stages: 1001}, "stages 1001 must be between 0 and 1000"},
		{Options{Simulate: true, Stages: -3}, "stages -3"},
		{Options{Participants: 10}, "turn the simulation on too"},
		{Options{Stages: 10}, "turn the simulation on too"},
	} {
		_, err := New(tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error with %q", tc.opts, err, tc.want)
		}
	}
}

// checkInvariants verifies, for every stage and session, what the list and
// get operations rely on: creation order, the id index, the published
// index, each participant's events in sequence and time order, states
// consistent with events, subscriptions to connected publishers, and the
// publisher and subscriber quotas of live sessions.
func checkInvariants(t testing.TB, b *backend) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	ascending := func(what string, seqs []uint64) {
		t.Helper()
		for i := 1; i < len(seqs); i++ {
			if seqs[i] <= seqs[i-1] {
				t.Fatalf("%s: sequence %d after %d", what, seqs[i], seqs[i-1])
			}
		}
	}
	var stageSeqs []uint64
	for _, st := range b.stages.order {
		stageSeqs = append(stageSeqs, st.seq)
		if got, _ := b.stages.get(st.id); got != st || !b.usedIDs[st.id] {
			t.Fatalf("stage %s not indexed or its id not reserved", st.id)
		}
		for _, sess := range st.sessions.order {
			var seqs []uint64
			var published []*participant
			for _, p := range sess.participants.order {
				seqs = append(seqs, p.seq)
				if got, _ := sess.participants.get(p.id); got != p || !b.usedIDs[p.id] {
					t.Fatalf("participant %s not indexed or its id not reserved", p.id)
				}
				if p.published {
					published = append(published, p)
				}
				checkEvents(t, p)
				if p.connected() {
					for _, pub := range p.subs {
						q, ok := sess.participants.get(pub)
						if !ok || !q.connected() || !q.publishing {
							t.Fatalf("%s subscribes to %s, which is not publishing", p.id, pub)
						}
					}
				} else if len(p.subs) > 0 || p.publishing {
					t.Fatalf("disconnected %s still subscribes or publishes", p.id)
				}
			}
			ascending("participants of "+sess.id, seqs)
			if !slices.Equal(published, sess.published) {
				t.Fatalf("session %s: published index has %d, the participants %d", sess.id, len(sess.published), len(published))
			}
			if sess.live() {
				if n := publishers(sess); n > ivs.MaxPublishersPerStage {
					t.Fatalf("session %s has %d publishers", sess.id, n)
				}
				if n := subscribers(sess); n > ivs.MaxSubscribersPerStage {
					t.Fatalf("session %s has %d subscribers", sess.id, n)
				}
			}
		}
	}
	ascending("stages", stageSeqs)
}

// checkEvents: JOINED first, sequences and times ascending, and the last
// join or leave matching the participant's state.
func checkEvents(t testing.TB, p *participant) {
	t.Helper()
	if len(p.events) == 0 || p.events[0].name != "JOINED" {
		t.Fatalf("participant %s: first event is not JOINED", p.id)
	}
	last := ""
	for i, e := range p.events {
		if i > 0 && (e.seq <= p.events[i-1].seq || e.at < p.events[i-1].at) {
			t.Fatalf("participant %s: event %d (%s) out of order", p.id, i, e.name)
		}
		if e.name == "JOINED" || e.name == "LEFT" {
			last = e.name
		}
	}
	if (last == "JOINED") != p.connected() {
		t.Fatalf("participant %s is %s after %s", p.id, p.state, last)
	}
}

// walkParticipants lists a session through the SDK in pages of 100.
func (v *env) walkParticipants(stageARN, sessionID string, published bool) []types.ParticipantSummary {
	v.t.Helper()
	in := &ivsrealtime.ListParticipantsInput{StageArn: aws.String(stageARN), SessionId: aws.String(sessionID), MaxResults: aws.Int32(100)}
	if published {
		in.FilterByPublished = true
	}
	var all []types.ParticipantSummary
	p := ivsrealtime.NewListParticipantsPaginator(v.c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(v.ctx)
		if err != nil {
			v.t.Fatalf("ListParticipants: %v", err)
		}
		all = append(all, out.Participants...)
	}
	return all
}

func TestScaleTenThousandParticipantsAndAThousandStages(t *testing.T) {
	v := start(t, Options{NoThrottle: true, Simulate: true, Seed: 5, Participants: 10_000, Stages: 1000, SimulationTick: time.Hour})
	checkInvariants(t, v.e.b)

	// Stages: exactly the quota, the demo's first, then generated ones.
	var names []string
	sp := ivsrealtime.NewListStagesPaginator(v.c, &ivsrealtime.ListStagesInput{MaxResults: aws.Int32(100)})
	live := 0
	for sp.HasMorePages() {
		out := must[*ivsrealtime.ListStagesOutput](t)(sp.NextPage(v.ctx))
		for _, s := range out.Stages {
			names = append(names, aws.ToString(s.Name))
			if s.ActiveSessionId != nil {
				live++
			}
		}
	}
	equal(t, "stages", len(names), 1000)
	equalSlices(t, "first stages", names[:5], []string{"main-broadcast", "quiet-room", "standup", "recorded-interviews", "ingest-studio"})
	if live < 100 {
		t.Errorf("%d live stages; one generated stage in %d should be live", live, smallSessionEvery)
	}
	_, err := v.c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{Name: aws.String("one-too-many")})
	wantCode(t, err, "ServiceQuotaExceededException", "quota of 1000")

	// The crowd is in the broadcast's session.
	stageARN, sessionID, ok := v.e.BusiestSession()
	if !ok || stageARN != v.stageARNByName("main-broadcast") {
		t.Fatalf("busiest session is on %s, not main-broadcast", stageARN)
	}
	all := v.walkParticipants(stageARN, sessionID, false)
	if len(all) < 10_000 || len(all) > 10_100 {
		t.Fatalf("%d participants listed, want 10,000 and the simulation's few", len(all))
	}
	seen := map[string]bool{}
	users := map[string]bool{}
	var published []string
	left := 0
	for i, p := range all {
		id := aws.ToString(p.ParticipantId)
		if seen[id] {
			t.Fatalf("participant %s listed twice", id)
		}
		seen[id] = true
		users[aws.ToString(p.UserId)] = true
		if i > 0 && p.FirstJoinTime.Before(*all[i-1].FirstJoinTime) {
			t.Fatalf("participant %d joined before the one listed before it", i)
		}
		if p.Published {
			published = append(published, id)
		}
		if p.State == types.ParticipantStateDisconnected {
			left++
		}
	}
	if len(users) < 3000 {
		t.Errorf("only %d distinct user ids among 10,000", len(users))
	}
	if left < 800 || left > 2000 {
		t.Errorf("%d of 10,000 left; want about %.0f%%", left, crowdLeftShare*100)
	}
	// filterByPublished answers from the index the same set a scan finds:
	// the 8 panelists, the 10 who rehearsed and the simulation's hosts.
	var filtered []string
	for _, p := range v.walkParticipants(stageARN, sessionID, true) {
		filtered = append(filtered, aws.ToString(p.ParticipantId))
	}
	equalSlices(t, "published participants", filtered, published)
	if len(published) < 8+10 || len(published) > 8+10+4 {
		t.Errorf("%d participants published", len(published))
	}

	// A crowd member reads like a real viewer.
	var viewer string
	for _, p := range all {
		if strings.HasPrefix(aws.ToString(p.UserId), "viewer-") && p.State == types.ParticipantStateConnected {
			viewer = aws.ToString(p.ParticipantId)
			break
		}
	}
	got := v.participant(stageARN, sessionID, viewer)
	if got.BrowserName == nil || got.Attributes["role"] != "viewer" || got.Protocol != types.ParticipantProtocolWhip {
		t.Errorf("viewer %+v", got)
	}
	events := v.events(stageARN, sessionID, viewer)
	if len(events) != 9 || events[0] != "JOINED" || !strings.HasPrefix(events[1], "SUBSCRIBE_STARTED>") {
		t.Errorf("viewer events %v: want JOINED and a subscription to each of the 8 panelists", events)
	}
}

func (v *env) stageARNByName(name string) string {
	v.t.Helper()
	v.e.b.mu.Lock()
	defer v.e.b.mu.Unlock()
	for _, st := range v.e.b.stages.order {
		if st.name == name {
			return st.arn
		}
	}
	v.t.Fatalf("no stage %s", name)
	return ""
}

// scaledSim is manualSim with a crowd and generated stages.
func scaledSim(t *testing.T, seed int64, participants, stages int) (*simulation, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	e, err := New(Options{NoThrottle: true, Seed: seed, Now: clock.Now})
	noErr(t, err)
	t.Cleanup(func() { _ = e.Close() })
	e.opts.Participants, e.opts.Stages = participants, stages
	sim, err := newSimulation(e, seed)
	noErr(t, err)
	return sim, clock
}

func TestScaleIsDeterministic(t *testing.T) {
	run := func(seed int64) string {
		sim, clock := scaledSim(t, seed, 400, 60)
		for range 30 {
			clock.Advance(time.Second)
			sim.step()
		}
		return snapshot(sim.b)
	}
	a := run(11)
	if a != run(11) {
		t.Fatal("the same seed generated two different accounts")
	}
	if a == run(12) {
		t.Fatal("another seed generated the same account")
	}
}

// TestCrowdComesAndGoes runs the simulation past the end of a show and
// through the dashboard deleting the broadcast: people leave and come back
// in the big session, which stays live, and every invariant holds.
func TestCrowdComesAndGoes(t *testing.T) {
	sim, clock := scaledSim(t, 21, 2000, 0)
	c := sim.crowd
	total := len(c.online) + len(c.offline)
	if total != 2000-bigCrowd(2000).publishers-bigCrowd(2000).departed {
		t.Fatalf("%d subscribers in the crowd", total)
	}
	sessionID := c.sessionID
	lowest, highest := len(c.online), len(c.online)
	sim.tick = showTicks - 100 // the show ends within the run
	for range 120 {
		clock.Advance(time.Second)
		sim.step()
		lowest, highest = min(lowest, len(c.online)), max(highest, len(c.online))
	}
	checkInvariants(t, sim.b)
	equal(t, "crowd members (none lost)", len(c.online)+len(c.offline), total)
	if lowest == highest || highest-lowest > 200 {
		t.Errorf("connected crowd ranged %d..%d: it should move, around %d", lowest, highest, c.target)
	}
	equal(t, "the broadcast's session outlives the show", liveSession(sim.b, c.stageID), sessionID)
	rejoined := 0
	sim.b.mu.Lock()
	st, _ := sim.b.stages.get(c.stageID)
	for _, p := range st.active.participants.order {
		joins := 0
		for _, e := range p.events {
			if e.name == "JOINED" {
				joins++
			}
		}
		if joins > 1 {
			rejoined++
		}
	}
	sim.b.mu.Unlock()
	if rejoined < 100 {
		t.Errorf("%d crowd members came back", rejoined)
	}

	// The dashboard deletes the broadcast: the simulation recreates it with
	// a new crowd.
	noErr(t, sim.b.DeleteStage(sim.main.arn))
	clock.Advance(time.Second)
	sim.step()
	if sim.crowd == c || sim.crowd.stageARN != sim.main.arn {
		t.Fatal("no new crowd in the recreated broadcast")
	}
	checkInvariants(t, sim.b)
}

// liveSession is the id of a stage's live session, "" if none.
func liveSession(b *backend, stageID string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if st, ok := b.stages.get(stageID); ok && st.active != nil {
		return st.active.id
	}
	return ""
}
