package emulator

import (
	"fmt"
	"slices"
	"strconv"
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

type listParticipantsIn struct {
	listIn
	StageArn               *string `json:"stageArn"`
	SessionID              *string `json:"sessionId"`
	FilterByUserID         *string `json:"filterByUserId"`
	FilterByPublished      *bool   `json:"filterByPublished"`
	FilterByState          *string `json:"filterByState"`
	FilterByRecordingState *string `json:"filterByRecordingState"`
}

type listParticipantsOut struct {
	Participants []participantSummaryOut `json:"participants"`
	NextToken    string                  `json:"nextToken,omitempty"`
}

type participantIn struct {
	StageArn      *string `json:"stageArn"`
	SessionID     *string `json:"sessionId"`
	ParticipantID *string `json:"participantId"`
}

type getParticipantOut struct {
	Participant participantOut `json:"participant"`
}

type listParticipantEventsIn struct {
	listIn
	participantIn
}

type listParticipantEventsOut struct {
	Events    []eventOut `json:"events"`
	NextToken string     `json:"nextToken,omitempty"`
}

type disconnectParticipantIn struct {
	StageArn      *string `json:"stageArn"`
	ParticipantID *string `json:"participantId"`
	Reason        *string `json:"reason"`
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
func (b *backend) findParticipant(stageID string, in *participantIn) (*stage, *session, *participant, error) {
	st, err := b.stages.find(stageID, *in.StageArn)
	if err != nil {
		return nil, nil, nil, err
	}
	sess, err := b.findSession(st, *in.SessionID)
	if err != nil {
		return nil, nil, nil, err
	}
	p, ok := sess.participants.get(*in.ParticipantID)
	if !ok {
		return nil, nil, nil, notFound("participant " + *in.ParticipantID + " in session " + sess.id + " of " + st.arn)
	}
	return st, sess, p, nil
}

func (b *backend) ListParticipants(in *listParticipantsIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	id := v.reqARN("stageArn", in.StageArn, kindStage)
	v.sessionID("sessionId", in.SessionID)
	v.optStr("filterByUserId", in.FilterByUserID, 0, 128, nil)
	v.optEnum("filterByState", in.FilterByState, participantStates...)
	v.optEnum("filterByRecordingState", in.FilterByRecordingState, recordingFilters...)
	byPublished := in.FilterByPublished != nil && *in.FilterByPublished
	filters := 0
	for _, set := range []bool{in.FilterByUserID != nil, byPublished, in.FilterByState != nil, in.FilterByRecordingState != nil} {
		if set {
			filters++
		}
	}
	if filters > 1 {
		v.failf("Only one of filterByUserId, filterByPublished, filterByState, or filterByRecordingState can be provided per request")
	}
	limit := v.maxResults(in.MaxResults, 50, maxPageSize)
	sc := scope("ListParticipants", deref(in.StageArn), deref(in.SessionID), fmt.Sprint(in.FilterByUserID != nil), deref(in.FilterByUserID),
		strconv.FormatBool(byPublished), deref(in.FilterByState), deref(in.FilterByRecordingState))
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	// ListParticipants declares no ResourceNotFoundException: an unknown
	// stage or session has no participants.
	// The cursor is found by binary search on the creation sequence, so a
	// page costs O(log n + page) unfiltered and with filterByPublished (an
	// index); the other filters scan until the page fills.
	var items []*participant
	if st, ok := b.stages.get(id); ok {
		if sess, ok := st.sessions.get(*in.SessionID); ok {
			items = sess.participants.order
			if byPublished {
				items = sess.published
			}
		}
	}
	var keep func(p *participant) bool
	switch {
	case in.FilterByUserID != nil:
		keep = func(p *participant) bool { return p.userID == *in.FilterByUserID }
	case in.FilterByState != nil:
		keep = func(p *participant) bool { return p.state == *in.FilterByState }
	case in.FilterByRecordingState != nil:
		keep = func(p *participant) bool { return b.recState(p, now) == *in.FilterByRecordingState }
	}
	page, next := listPage(&b.pager, sc, items, after, limit, keep)
	out := listParticipantsOut{Participants: make([]participantSummaryOut, 0, len(page)), NextToken: next}
	for _, p := range page {
		out.Participants = append(out.Participants, b.participantSummary(p, now))
	}
	return out, nil
}

func (b *backend) checkParticipantIn(v *validator, in *participantIn) string {
	id := v.reqARN("stageArn", in.StageArn, kindStage)
	v.sessionID("sessionId", in.SessionID)
	v.participantID("participantId", in.ParticipantID, &participantIDPat)
	return id
}

func (b *backend) GetParticipant(in *participantIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	id := b.checkParticipantIn(v, in)
	if err := v.err(); err != nil {
		return nil, err
	}
	_, _, p, err := b.findParticipant(id, in)
	if err != nil {
		return nil, err
	}
	return getParticipantOut{Participant: b.participantOut(p, now)}, nil
}

func (b *backend) ListParticipantEvents(in *listParticipantEventsIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	id := b.checkParticipantIn(v, &in.participantIn)
	limit := v.maxResults(in.MaxResults, 50, maxPageSize)
	sc := scope("ListParticipantEvents", deref(in.StageArn), deref(in.SessionID), deref(in.ParticipantID))
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	// ListParticipantEvents declares no ResourceNotFoundException: an
	// unknown stage, session or participant has no events.
	var items []*event
	if _, _, p, err := b.findParticipant(id, &in.participantIn); err == nil {
		items = p.events
	}
	page, next := listPage(&b.pager, sc, items, after, limit, nil)
	out := listParticipantEventsOut{Events: make([]eventOut, 0, len(page)), NextToken: next}
	for _, e := range page {
		out.Events = append(out.Events, eventToOut(*in.ParticipantID, e))
	}
	return out, nil
}

func (b *backend) DisconnectParticipant(in *disconnectParticipantIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	id := v.reqARN("stageArn", in.StageArn, kindStage)
	v.participantID("participantId", in.ParticipantID, &disconnectIDPat)
	v.optStr("reason", in.Reason, 0, 128, nil)
	if err := v.err(); err != nil {
		return nil, err
	}
	st, err := b.stages.find(id, *in.StageArn)
	if err != nil {
		return nil, err
	}
	p := b.connectedParticipant(st, *in.ParticipantID)
	if p == nil {
		return nil, notFound("participant " + *in.ParticipantID + " connected to " + st.arn)
	}
	b.disconnect(st, st.active, p, now, true)
	if p.ingestID == "" && p.replType != "REPLICA" {
		// IVS revokes the participant: its token cannot join this stage again.
		st.revoked[p.id] = true
	}
	return emptyOut{}, nil
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
