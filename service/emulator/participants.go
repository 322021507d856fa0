package emulator

import (
	"slices"
	"time"
)

// participant is one participant id within one session. A participant that
// leaves and comes back in the same session keeps its record.
type participant struct {
	meta
	userID       string
	attributes   map[string]string
	canPublish   bool
	canSubscribe bool
	state        string // CONNECTED, DISCONNECTED
	firstJoin    time.Time
	published    bool     // ever published in this session
	publishing   bool     // publishing now
	subs         []string // publishers it subscribes to now, in order
	protocol     string   // WHIP, RTMP, RTMPS
	client       ClientInfo

	recState  string // "" (never recorded), STARTING, STOPPED
	recStart  time.Time
	recBucket string
	recPrefix string

	ingestID string // set for the participant of an ingest configuration

	replType     string // "", SOURCE, REPLICA
	replState    string // "", ACTIVE, STOPPED
	srcStageARN  string // on a REPLICA
	srcSessionID string
	replicaOf    *replication // on a REPLICA: the replication that made it

	events []*event
}

func (p *participant) connected() bool { return p.state == "CONNECTED" }

// event is one participant event; its sequence orders a participant's
// events in time and drives ListParticipantEvents pagination. A session of
// 10,000 participants holds over 100,000 of them, so the struct is kept
// small: the time in Unix milliseconds (the wire's precision) and the
// replication destination, which few events have, behind a pointer.
type event struct {
	meta
	name    string
	at      int64 // Unix milliseconds
	remote  string
	code    string
	replica bool
	dest    *eventDest
}

// eventDest is where a REPLICATION_STARTED or _STOPPED event replicates to.
type eventDest struct{ stage, session string }

type eventOut struct {
	Name                 string  `json:"name"`
	ParticipantID        string  `json:"participantId"`
	EventTime            isoTime `json:"eventTime"`
	RemoteParticipantID  string  `json:"remoteParticipantId,omitempty"`
	ErrorCode            string  `json:"errorCode,omitempty"`
	Replica              bool    `json:"replica,omitempty"`
	DestinationStageArn  string  `json:"destinationStageArn,omitempty"`
	DestinationSessionID string  `json:"destinationSessionId,omitempty"`
}

type participantSummaryOut struct {
	ParticipantID    string  `json:"participantId"`
	UserID           string  `json:"userId,omitempty"`
	State            string  `json:"state"`
	FirstJoinTime    isoTime `json:"firstJoinTime,omitzero"`
	Published        bool    `json:"published"`
	RecordingState   string  `json:"recordingState"`
	ReplicationType  string  `json:"replicationType"`
	ReplicationState string  `json:"replicationState,omitempty"`
	SourceStageArn   string  `json:"sourceStageArn,omitempty"`
	SourceSessionID  string  `json:"sourceSessionId,omitempty"`
}

type participantOut struct {
	participantSummaryOut
	Attributes            map[string]string `json:"attributes,omitempty"`
	BrowserName           string            `json:"browserName,omitempty"`
	BrowserVersion        string            `json:"browserVersion,omitempty"`
	OSName                string            `json:"osName,omitempty"`
	OSVersion             string            `json:"osVersion,omitempty"`
	ISPName               string            `json:"ispName,omitempty"`
	SDKVersion            string            `json:"sdkVersion,omitempty"`
	Protocol              string            `json:"protocol"`
	RecordingS3BucketName string            `json:"recordingS3BucketName"`
	RecordingS3Prefix     string            `json:"recordingS3Prefix"`
}

// recState is the participant's recording state at now. Recording starts
// on its own a moment after the participant starts publishing.
func (b *backend) recState(p *participant, now time.Time) string {
	switch p.recState {
	case "":
		return "DISABLED"
	case "STARTING":
		if !now.Before(p.recStart.Add(b.timing.recordingStart)) {
			return "ACTIVE"
		}
	}
	return p.recState
}

func (b *backend) participantSummary(p *participant, now time.Time) participantSummaryOut {
	s := participantSummaryOut{
		ParticipantID:    p.id,
		UserID:           p.userID,
		State:            p.state,
		FirstJoinTime:    isoTime(p.firstJoin),
		Published:        p.published,
		RecordingState:   b.recState(p, now),
		ReplicationType:  "NONE",
		ReplicationState: p.replState,
		SourceStageArn:   p.srcStageARN,
		SourceSessionID:  p.srcSessionID,
	}
	if p.replType != "" {
		s.ReplicationType = p.replType
	}
	return s
}

func (b *backend) participantOut(p *participant, now time.Time) participantOut {
	out := participantOut{
		participantSummaryOut: b.participantSummary(p, now),
		BrowserName:           p.client.BrowserName,
		BrowserVersion:        p.client.BrowserVersion,
		OSName:                p.client.OSName,
		OSVersion:             p.client.OSVersion,
		ISPName:               p.client.ISPName,
		SDKVersion:            p.client.SDKVersion,
		Protocol:              p.protocol,
		RecordingS3BucketName: p.recBucket,
		RecordingS3Prefix:     p.recPrefix,
	}
	if len(p.attributes) > 0 {
		out.Attributes = cloneMap(p.attributes)
	}
	return out
}

func eventToOut(pid string, e *event) eventOut {
	out := eventOut{
		Name:                e.name,
		ParticipantID:       pid,
		EventTime:           isoTime(time.UnixMilli(e.at)),
		RemoteParticipantID: e.remote,
		ErrorCode:           e.code,
		Replica:             e.replica,
	}
	if e.dest != nil {
		out.DestinationStageArn, out.DestinationSessionID = e.dest.stage, e.dest.session
	}
	return out
}

// record appends an event to a participant, dropping the oldest beyond the
// per-participant cap.
func (b *backend) record(p *participant, now time.Time, name string, e event) {
	e.name = name
	e.at = now.UnixMilli()
	b.appendEvent(p, &e)
}

// appendEvent gives e the next sequence and appends it to p's events; the
// scale generator passes events it allocates in bulk.
func (b *backend) appendEvent(p *participant, e *event) {
	e.meta = meta{seq: b.nextSeq()}
	e.replica = e.replica || p.replType == "REPLICA"
	if len(p.events) >= maxEventsPerParticipant {
		p.events = slices.Delete(p.events, 0, 1)
	}
	p.events = append(p.events, e)
}

// findParticipant resolves stage, session and participant of a request that
// passed validation, or returns the 404 of the first one missing.
func (b *backend) findParticipant(stageARN, sessionID, pid string) (*participant, error) {
	st, err := findARN(&b.stages, stageARN)
	if err != nil {
		return nil, err
	}
	sess, err := b.findSession(st, sessionID)
	if err != nil {
		return nil, err
	}
	p, ok := sess.participants.get(pid)
	if !ok {
		return nil, notFound("participant " + pid + " in session " + sess.id + " of " + st.arn)
	}
	return p, nil
}

// participantFilter is ListParticipants' one filter (or none): a zero
// field filters nothing.
type participantFilter struct {
	userID         *string // nil: any; "" matches participants without one
	published      bool
	state          string
	recordingState string
}

// ListParticipants lists a session's participants; an unknown stage or
// session has none (ListParticipants declares no ResourceNotFoundException).
// The cursor is found by binary search on the creation sequence, so a page
// costs O(log n + page) unfiltered and with published (an index); the
// other filters scan until the page fills.
func (b *backend) ListParticipants(stageARN, sessionID string, f participantFilter, pr pageReq) ([]participantSummaryOut, string) {
	now := b.lock()
	defer b.unlock()
	var items []*participant
	if st, ok := b.stages.get(idOf(stageARN)); ok {
		if sess, ok := st.sessions.get(sessionID); ok {
			items = sess.participants.order
			if f.published {
				items = sess.published
			}
		}
	}
	var keep func(p *participant) bool
	switch {
	case f.userID != nil:
		keep = func(p *participant) bool { return p.userID == *f.userID }
	case f.state != "":
		keep = func(p *participant) bool { return p.state == f.state }
	case f.recordingState != "":
		keep = func(p *participant) bool { return b.recState(p, now) == f.recordingState }
	}
	page, next := listPage(&b.pager, pr, items, keep)
	out := make([]participantSummaryOut, 0, len(page))
	for _, p := range page {
		out = append(out, b.participantSummary(p, now))
	}
	return out, next
}

func (b *backend) GetParticipant(stageARN, sessionID, pid string) (participantOut, error) {
	now := b.lock()
	defer b.unlock()
	p, err := b.findParticipant(stageARN, sessionID, pid)
	if err != nil {
		return participantOut{}, err
	}
	return b.participantOut(p, now), nil
}

// ListParticipantEvents lists a participant's events; an unknown stage,
// session or participant has none (no ResourceNotFoundException declared).
func (b *backend) ListParticipantEvents(stageARN, sessionID, pid string, pr pageReq) ([]eventOut, string) {
	b.lock()
	defer b.unlock()
	var items []*event
	if p, err := b.findParticipant(stageARN, sessionID, pid); err == nil {
		items = p.events
	}
	page, next := listPage(&b.pager, pr, items, nil)
	out := make([]eventOut, 0, len(page))
	for _, e := range page {
		out = append(out, eventToOut(pid, e))
	}
	return out, next
}

// DisconnectParticipant disconnects a connected participant and revokes
// its token for the stage.
func (b *backend) DisconnectParticipant(stageARN, pid string) error {
	now := b.lock()
	defer b.unlock()
	st, err := findARN(&b.stages, stageARN)
	if err != nil {
		return err
	}
	p := b.connectedParticipant(st, pid)
	if p == nil {
		return notFound("participant " + pid + " connected to " + st.arn)
	}
	b.disconnect(st, st.active, p, now, true)
	if p.ingestID == "" && p.replType != "REPLICA" {
		// IVS revokes the participant: its token cannot join this stage again.
		st.revoked[p.id] = true
	}
	return nil
}

// connectedParticipant returns the participant connected to the stage's
// live session under id, or nil.
func (b *backend) connectedParticipant(st *stage, id string) *participant {
	if st.active == nil {
		return nil
	}
	p, ok := st.active.participants.get(id)
	if !ok || !p.connected() {
		return nil
	}
	return p
}
