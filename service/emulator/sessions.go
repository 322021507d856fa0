package emulator

import (
	"slices"
	"sort"
	"time"
)

// session is a stage session: it opens on the first join and ends when the
// last participant leaves. Ended sessions keep their participants and
// events, up to maxEndedSessions per stage.
type session struct {
	meta
	start, end   time.Time
	participants collection[*participant]
	// published indexes the participants that ever published, in creation
	// order, so filterByPublished pages over the dozen publishers instead of
	// scanning thousands of subscribers. A participant never stops having
	// published in a session, and never leaves its record, so it only grows.
	published []*participant
}

func (s *session) live() bool { return s.end.IsZero() }

// markPublished sets a participant's published flag and keeps the index.
func (s *session) markPublished(p *participant) {
	if p.published {
		return
	}
	p.published = true
	i := sort.Search(len(s.published), func(i int) bool { return s.published[i].seq > p.seq })
	s.published = slices.Insert(s.published, i, p)
}

type stageSessionOut struct {
	SessionID string  `json:"sessionId"`
	StartTime isoTime `json:"startTime,omitzero"`
	EndTime   isoTime `json:"endTime,omitzero"`
}

func sessionOut(s *session) stageSessionOut {
	return stageSessionOut{SessionID: s.id, StartTime: isoTime(s.start), EndTime: isoTime(s.end)}
}

// openSession returns the stage's live session, starting one if needed.
func (b *backend) openSession(st *stage, now time.Time) *session {
	if st.active != nil {
		return st.active
	}
	s := &session{
		meta:         meta{id: b.newSessionID(), seq: b.nextSeq()},
		start:        now,
		participants: newCollection[*participant](),
	}
	st.sessions.add(s)
	st.active = s
	st.emptySince = time.Time{}
	return s
}

// endSessionIfEmpty ends the live session once nobody is connected, and
// drops the oldest ended sessions beyond the cap so memory stays bounded.
func (b *backend) endSessionIfEmpty(st *stage, sess *session, now time.Time) {
	if st.active != sess {
		return
	}
	for _, p := range sess.participants.order {
		if p.connected() {
			return
		}
	}
	sess.end = now
	st.active = nil
	st.emptySince = now
	ended := 0
	for _, s := range st.sessions.order {
		if !s.live() {
			ended++
		}
	}
	for _, s := range slices.Clone(st.sessions.order) {
		if ended <= maxEndedSessions {
			break
		}
		if !s.live() {
			st.sessions.remove(s.id)
			ended--
		}
	}
}

// findSession returns a session of a stage, live or ended, or a 404.
func (b *backend) findSession(st *stage, id string) (*session, error) {
	s, ok := st.sessions.get(id)
	if !ok {
		return nil, notFound("session " + id + " of " + st.arn)
	}
	return s, nil
}

// ListStageSessions lists a stage's sessions; a stage that does not exist
// has none (the List operations declare no ResourceNotFoundException).
func (b *backend) ListStageSessions(stageARN string, pr pageReq) ([]stageSessionOut, string) {
	b.lock()
	defer b.unlock()
	var items []*session
	if st, ok := b.stages.get(idOf(stageARN)); ok {
		items = st.sessions.order
	}
	page, next := listPage(&b.pager, pr, items, nil)
	out := make([]stageSessionOut, 0, len(page))
	for _, s := range page {
		out = append(out, sessionOut(s))
	}
	return out, next
}

func (b *backend) GetStageSession(stageARN, sessionID string) (stageSessionOut, error) {
	b.lock()
	defer b.unlock()
	st, err := findARN(&b.stages, stageARN)
	if err != nil {
		return stageSessionOut{}, err
	}
	s, err := b.findSession(st, sessionID)
	if err != nil {
		return stageSessionOut{}, err
	}
	return sessionOut(s), nil
}
