package emulator

import (
	"slices"
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// This file holds what happens inside a stage while it is live: joining,
// publishing, subscribing, leaving, scripted errors and RTMP ingest. The
// control endpoints, the in-process control methods and the simulation all
// come here, and each step records the participant events IVS records.

// ClientInfo is what a client SDK reports about itself when it joins; it
// shows in GetParticipant. Empty fields are filled with plausible values.
type ClientInfo struct {
	BrowserName    string `json:"browserName"`
	BrowserVersion string `json:"browserVersion"`
	OSName         string `json:"osName"`
	OSVersion      string `json:"osVersion"`
	ISPName        string `json:"ispName"`
	SDKVersion     string `json:"sdkVersion"`
}

// JoinResult says who joined where.
type JoinResult struct {
	ParticipantID string `json:"participantId"`
	SessionID     string `json:"sessionId"`
	StageARN      string `json:"stageArn"`
}

var (
	clientBrowsers = []struct{ name, version string }{{"Google Chrome", "126.0.6478.127"}, {"Mozilla Firefox", "127.0.2"}, {"Apple Safari", "17.5"}, {"Microsoft Edge", "126.0.2592.87"}}
	clientOSes     = []struct{ name, version string }{{"Mac OS X", "14.5"}, {"Windows", "10"}, {"iOS", "17.5.1"}, {"Android", "14"}, {"Linux", "6.8"}}
	clientISPs     = []string{"Comcast Cable Communications", "Deutsche Telekom AG", "Orange S.A.", "Verizon Business", "NTT Communications", "Telefonica de Espana"}
	clientSDKs     = []string{"1.13.0", "1.14.0", "1.15.1"}
)

// plausibleClient fills what the client did not report.
func (b *backend) plausibleClient(ci ClientInfo) ClientInfo {
	if ci.BrowserName == "" {
		br := clientBrowsers[b.rng.IntN(len(clientBrowsers))]
		ci.BrowserName, ci.BrowserVersion = br.name, br.version
	}
	if ci.OSName == "" {
		os := clientOSes[b.rng.IntN(len(clientOSes))]
		ci.OSName, ci.OSVersion = os.name, os.version
	}
	if ci.ISPName == "" {
		ci.ISPName = clientISPs[b.rng.IntN(len(clientISPs))]
	}
	if ci.SDKVersion == "" {
		ci.SDKVersion = clientSDKs[b.rng.IntN(len(clientSDKs))]
	}
	return ci
}

// join admits the holder of a participant token to the token's stage.
func (b *backend) join(token string, ci ClientInfo) (JoinResult, error) {
	now := b.lock()
	defer b.unlock()
	g, err := b.verifyToken(token, now)
	if err != nil {
		return JoinResult{}, err
	}
	st, ok := b.stages.get(g.stageID)
	if !ok {
		return JoinResult{}, notFound(g.stageARN)
	}
	if st.revoked[g.participantID] {
		return JoinResult{}, accessDenied("participant %s was disconnected from %s and can no longer join it", g.participantID, st.arn)
	}
	if b.connectedParticipant(st, g.participantID) != nil {
		return JoinResult{}, conflict("participant %s is already connected to %s; a token joins once at a time", g.participantID, st.arn)
	}
	sess := b.openSession(st, now)
	p := b.enter(sess, g.participantID, now)
	p.userID = g.userID
	p.attributes = g.attributes
	p.canPublish, p.canSubscribe = g.canPublish, g.canSubscribe
	p.protocol = "WHIP"
	p.client = b.plausibleClient(ci)
	p.replType, p.replState, p.srcStageARN, p.srcSessionID, p.replicaOf = "", "", "", "", nil
	b.record(p, now, "JOINED", event{})
	return JoinResult{ParticipantID: p.id, SessionID: sess.id, StageARN: st.arn}, nil
}

// enter connects a participant id to a session, reusing its record when it
// was there before.
func (b *backend) enter(sess *session, id string, now time.Time) *participant {
	p, ok := sess.participants.get(id)
	if !ok {
		p = &participant{meta: meta{id: id, seq: b.nextSeq()}, firstJoin: now}
		sess.participants.add(p)
	}
	p.state = "CONNECTED"
	return p
}

// liveParticipant validates a control request's stage and participant and
// returns them, connected, or an error.
func (b *backend) liveParticipant(stageARN, pid string) (*stage, *participant, error) {
	v := b.validator()
	id := v.arn("stageArn", stageARN, kindStage)
	v.str("participantId", pid, 1, ivs.MaxParticipantIDLength, &participantIDPat)
	if err := v.err(); err != nil {
		return nil, nil, err
	}
	st, err := b.stages.find(id, stageARN)
	if err != nil {
		return nil, nil, err
	}
	p := b.connectedParticipant(st, pid)
	if p == nil {
		return nil, nil, notFound("participant " + pid + " connected to " + stageARN)
	}
	return st, p, nil
}

func publishers(sess *session) int {
	n := 0
	for _, p := range sess.participants.order {
		if p.connected() && p.publishing {
			n++
		}
	}
	return n
}

func subscribers(sess *session) int {
	n := 0
	for _, p := range sess.participants.order {
		if p.connected() && len(p.subs) > 0 {
			n++
		}
	}
	return n
}

func (b *backend) publish(stageARN, pid string) error {
	now := b.lock()
	defer b.unlock()
	st, p, err := b.liveParticipant(stageARN, pid)
	if err != nil {
		return err
	}
	if p.publishing {
		return nil
	}
	if !p.canPublish {
		b.recordStageUpdate(st, st.active, p, now, "PUBLISH_ERROR", event{code: "INSUFFICIENT_CAPABILITIES"})
		return eventError(CodeAccessDenied, "INSUFFICIENT_CAPABILITIES", "participant %s's token does not allow PUBLISH (PUBLISH_ERROR INSUFFICIENT_CAPABILITIES recorded)", pid)
	}
	if publishers(st.active) >= ivs.MaxPublishersPerStage {
		b.recordStageUpdate(st, st.active, p, now, "PUBLISH_ERROR", event{code: "QUOTA_EXCEEDED"})
		return eventError(CodeQuotaExceeded, "QUOTA_EXCEEDED", "stage %s already has %d publishers (PUBLISH_ERROR QUOTA_EXCEEDED recorded)", st.arn, ivs.MaxPublishersPerStage)
	}
	b.startPublishing(st, st.active, p, now)
	return nil
}

func (b *backend) startPublishing(st *stage, sess *session, p *participant, now time.Time) {
	p.publishing = true
	sess.markPublished(p)
	b.recordStageUpdate(st, sess, p, now, "PUBLISH_STARTED", event{})
	if !st.recording() || (p.replType == "REPLICA" && !st.rec.RecordParticipantReplicas) {
		return
	}
	p.recState = "STARTING"
	p.recStart = now
	p.recPrefix = st.id + "/" + sess.id + "/" + p.id
	v := b.validator()
	if sc, ok := b.storages.get(v.arn("storageConfigurationArn", st.rec.StorageConfigurationArn, kindStorage)); ok {
		p.recBucket = sc.bucket
		b.pushRecording(st, sess, p, now, ivs.PushedRecordingStart)
		return
	}
	b.pushRecording(st, sess, p, now, ivs.PushedRecordingStartFailure)
}

func (b *backend) unpublish(stageARN, pid string) error {
	now := b.lock()
	defer b.unlock()
	st, p, err := b.liveParticipant(stageARN, pid)
	if err != nil {
		return err
	}
	if !p.publishing {
		return conflict("participant %s is not publishing", pid)
	}
	b.stopPublishing(st, st.active, p, now)
	return nil
}

// stopPublishing ends a participant's publish: its subscribers lose it,
// its recording stops, and replications of it stop.
func (b *backend) stopPublishing(st *stage, sess *session, p *participant, now time.Time) {
	p.publishing = false
	b.recordStageUpdate(st, sess, p, now, "PUBLISH_STOPPED", event{})
	for _, q := range sess.participants.order {
		if i := slices.Index(q.subs, p.id); i >= 0 && q.connected() {
			q.subs = slices.Delete(q.subs, i, i+1)
			b.record(q, now, "SUBSCRIBE_STOPPED", event{remote: p.id, replica: p.replType == "REPLICA"})
		}
	}
	if p.recState == "STARTING" {
		p.recState = "STOPPED"
		if p.recBucket != "" {
			b.pushRecording(st, sess, p, now, ivs.PushedRecordingEnd)
		}
	}
	for _, r := range st.replications.order {
		if r.participantID == p.id && r.state == "ACTIVE" {
			b.stopReplication(st, r, now)
		}
	}
}

func (b *backend) subscribe(stageARN, pid, remote string) error {
	now := b.lock()
	defer b.unlock()
	st, p, err := b.liveParticipant(stageARN, pid)
	if err != nil {
		return err
	}
	v := b.validator()
	v.str("remoteParticipantId", remote, 1, ivs.MaxParticipantIDLength, &participantIDPat)
	if remote == pid {
		v.fail("remoteParticipantId", remote, "Member must name another participant than participantId")
	}
	if err := v.err(); err != nil {
		return err
	}
	if slices.Contains(p.subs, remote) {
		return nil
	}
	sess := st.active
	pub := b.connectedParticipant(st, remote)
	replica := pub != nil && pub.replType == "REPLICA"
	if !p.canSubscribe {
		b.record(p, now, "SUBSCRIBE_ERROR", event{remote: remote, code: "INSUFFICIENT_CAPABILITIES", replica: replica})
		return eventError(CodeAccessDenied, "INSUFFICIENT_CAPABILITIES", "participant %s's token does not allow SUBSCRIBE (SUBSCRIBE_ERROR INSUFFICIENT_CAPABILITIES recorded)", pid)
	}
	if pub == nil || !pub.publishing {
		b.record(p, now, "SUBSCRIBE_ERROR", event{remote: remote, code: "PUBLISHER_NOT_FOUND", replica: replica})
		return eventError(CodeNotFound, "PUBLISHER_NOT_FOUND", "participant %s is not publishing in session %s (SUBSCRIBE_ERROR PUBLISHER_NOT_FOUND recorded)", remote, sess.id)
	}
	if len(p.subs) == 0 && subscribers(sess) >= ivs.MaxSubscribersPerStage {
		b.record(p, now, "SUBSCRIBE_ERROR", event{remote: remote, code: "QUOTA_EXCEEDED", replica: replica})
		return eventError(CodeQuotaExceeded, "QUOTA_EXCEEDED", "stage %s already has %d subscribers (SUBSCRIBE_ERROR QUOTA_EXCEEDED recorded)", st.arn, ivs.MaxSubscribersPerStage)
	}
	p.subs = append(p.subs, remote)
	b.record(p, now, "SUBSCRIBE_STARTED", event{remote: remote, replica: replica})
	return nil
}

func (b *backend) unsubscribe(stageARN, pid, remote string) error {
	now := b.lock()
	defer b.unlock()
	st, p, err := b.liveParticipant(stageARN, pid)
	if err != nil {
		return err
	}
	i := slices.Index(p.subs, remote)
	if i < 0 {
		return conflict("participant %s is not subscribed to %s", pid, remote)
	}
	p.subs = slices.Delete(p.subs, i, i+1)
	pub := b.connectedParticipant(st, remote)
	b.record(p, now, "SUBSCRIBE_STOPPED", event{remote: remote, replica: pub != nil && pub.replType == "REPLICA"})
	return nil
}

func (b *backend) leave(stageARN, pid string) error {
	now := b.lock()
	defer b.unlock()
	st, p, err := b.liveParticipant(stageARN, pid)
	if err != nil {
		return err
	}
	b.disconnect(st, st.active, p, now, false)
	return nil
}

// disconnect takes a participant out of the live session: publish and
// subscriptions stop (with their events), LEFT is recorded, and the session
// ends if it was the last one. kicked is true for DisconnectParticipant and
// DeleteStage, which also detach an ingest configuration from the stage.
func (b *backend) disconnect(st *stage, sess *session, p *participant, now time.Time, kicked bool) {
	if p.publishing {
		b.stopPublishing(st, sess, p, now)
	}
	for _, remote := range p.subs {
		pub, _ := sess.participants.get(remote)
		b.record(p, now, "SUBSCRIBE_STOPPED", event{remote: remote, replica: pub != nil && pub.replType == "REPLICA"})
	}
	p.subs = nil
	p.state = "DISCONNECTED"
	b.record(p, now, "LEFT", event{})
	if p.ingestID != "" {
		if ing, ok := b.ingests.get(p.ingestID); ok && ing.stageARN == st.arn {
			ing.state = "INACTIVE"
			if kicked {
				ing.stageARN = ""
			}
		}
	}
	if r := p.replicaOf; r != nil {
		p.replState = "STOPPED"
		if r.state == "ACTIVE" {
			b.endReplicationFromReplica(r, now)
		}
	}
	b.endSessionIfEmpty(st, sess, now)
}

// cutLongStream ends, as IVS does, the publish of the stage's participant
// that has published the longest, once that is past the quota on one
// publish (ivs.MaxStreamDuration): PUBLISH_ERROR STREAM_DURATION_EXCEEDED,
// then PUBLISH_STOPPED. It reports false when nobody has published that
// long: the error cannot happen yet.
func (b *backend) cutLongStream(stageARN string) bool {
	now := b.lock()
	defer b.unlock()
	st, err := findARN(&b.stages, stageARN)
	if err != nil || st.active == nil {
		return false
	}
	var longest *participant
	var longestSince time.Time
	for _, p := range st.active.published {
		if since, ok := publishingSince(p); ok && (longest == nil || since.Before(longestSince)) {
			longest, longestSince = p, since
		}
	}
	if longest == nil || now.Sub(longestSince) < ivs.MaxStreamDuration {
		return false
	}
	b.record(longest, now, "PUBLISH_ERROR", event{code: "STREAM_DURATION_EXCEEDED"})
	b.stopPublishing(st, st.active, longest, now)
	return true
}

// publishingSince is when p's current publish started; false when p is not
// publishing, or its PUBLISH_STARTED is no longer among its events.
func publishingSince(p *participant) (time.Time, bool) {
	if !p.publishing || !p.connected() {
		return time.Time{}, false
	}
	for i := len(p.events) - 1; i >= 0; i-- {
		if p.events[i].name == "PUBLISH_STARTED" {
			return time.UnixMilli(p.events[i].at), true
		}
	}
	return time.Time{}, false
}

// isPublishing reports whether a participant of the stage's live session
// publishes now: what a publish-side error needs.
func (b *backend) isPublishing(stageARN, pid string) bool {
	b.lock()
	defer b.unlock()
	_, p, err := b.liveParticipant(stageARN, pid)
	return err == nil && p.publishing && p.connected()
}

// recordError records a scripted *_ERROR event for a participant of the live
// session, for tests and the simulation (e.g. PUBLISH_ERROR
// BITRATE_EXCEEDED, which needs real media to happen for real).
func (b *backend) recordError(stageARN, pid, name, code, remote string) error {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	id := v.arn("stageArn", stageARN, kindStage)
	v.str("participantId", pid, 1, ivs.MaxParticipantIDLength, &participantIDPat)
	v.enum("eventName", name, ivs.ErrorEventNames...)
	v.enum("errorCode", code, ivs.ErrorCodes()...)
	if remote != "" {
		v.str("remoteParticipantId", remote, 1, ivs.MaxParticipantIDLength, &participantIDPat)
	}
	if err := v.err(); err != nil {
		return err
	}
	st, err := b.stages.find(id, stageARN)
	if err != nil {
		return err
	}
	if st.active == nil {
		return notFound("live session of " + stageARN)
	}
	p, ok := st.active.participants.get(pid)
	if !ok {
		return notFound("participant " + pid + " in session " + st.active.id + " of " + stageARN)
	}
	b.recordStageUpdate(st, st.active, p, now, name, event{remote: remote, code: code})
	return nil
}

// ingestPublish is an RTMP(S) encoder connecting with a stream key: the
// ingest configuration's participant joins its stage and publishes.
func (b *backend) ingestPublish(streamKey, protocol string) (JoinResult, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	v.required("streamKey", streamKey != "")
	if protocol != "" {
		v.enum("protocol", protocol, ivs.IngestProtocols...)
	}
	if err := v.err(); err != nil {
		return JoinResult{}, err
	}
	ing := b.ingestByKey(streamKey)
	if ing == nil {
		// Like a bad token signature, a key nobody owns leaves no event:
		// nothing ties it to a stage.
		return JoinResult{}, accessDenied("the stream key does not belong to any ingest configuration")
	}
	if ing.stageARN == "" {
		return JoinResult{}, conflict("ingest configuration %s is not attached to a stage", ing.arn)
	}
	st, err := b.stages.find(b.validator().arn("stageArn", ing.stageARN, kindStage), ing.stageARN)
	if err != nil {
		return JoinResult{}, err
	}
	if protocol == "" {
		protocol = ing.protocol
	}
	if cur := b.connectedParticipant(st, ing.participantID); cur != nil {
		if ing.state == "ACTIVE" {
			b.recordStageUpdate(st, st.active, cur, now, "PUBLISH_ERROR", event{code: "REUSE_OF_STREAM_KEY"})
			return JoinResult{}, eventError(CodeConflict, "REUSE_OF_STREAM_KEY", "the stream key of %s is already publishing (PUBLISH_ERROR REUSE_OF_STREAM_KEY recorded)", ing.arn)
		}
		return JoinResult{}, conflict("participant %s is already connected to %s", ing.participantID, st.arn)
	}
	sess := b.openSession(st, now)
	p := b.enter(sess, ing.participantID, now)
	p.userID = ing.userID
	p.attributes = cloneMap(ing.attributes)
	p.canPublish, p.canSubscribe = true, false
	p.protocol = protocol
	p.client = ClientInfo{}
	p.ingestID = ing.id
	p.replType, p.replState, p.srcStageARN, p.srcSessionID, p.replicaOf = "", "", "", "", nil
	b.record(p, now, "JOINED", event{})
	if protocol == "RTMP" && ing.protocol == "RTMPS" {
		b.recordStageUpdate(st, sess, p, now, "PUBLISH_ERROR", event{code: "INVALID_PROTOCOL"})
		b.disconnect(st, sess, p, now, false)
		return JoinResult{}, eventError(CodeValidation, "INVALID_PROTOCOL", "ingest configuration %s accepts RTMPS only (PUBLISH_ERROR INVALID_PROTOCOL recorded)", ing.arn)
	}
	b.startPublishing(st, sess, p, now)
	ing.state = "ACTIVE"
	return JoinResult{ParticipantID: p.id, SessionID: sess.id, StageARN: st.arn}, nil
}
