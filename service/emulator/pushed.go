package emulator

import (
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The events IVS sends to EventBridge as the backend's state changes: the
// backend names them with plain values (the catalogue's detail structs);
// eventbridge.go wraps them in EventBridge's envelope and routes them.

// recordStageUpdate records a participant event and, for the ones IVS also
// sends to EventBridge (publish started, stopped and failed, replication
// started and stopped), pushes its IVS Stage Update.
func (b *backend) recordStageUpdate(st *stage, sess *session, p *participant, now time.Time, name string, e event) {
	b.record(p, now, name, e)
	pushed := ivs.StageUpdateOf(name)
	if b.push == nil || pushed == "" || sess == nil {
		return
	}
	d := ivs.StageUpdateDetail{SessionID: sess.id, EventName: pushed, UserID: p.userID, ParticipantID: p.id}
	if e.dest != nil {
		d.SourceStageARN, d.SourceSessionID = st.arn, sess.id
		d.DestinationStageARN, d.DestinationSessionID = e.dest.stage, e.dest.session
	}
	b.push(ivs.DetailStageUpdate, st.arn, now, d)
}

// pushRecording pushes an IVS Participant Recording State Change.
func (b *backend) pushRecording(st *stage, sess *session, p *participant, now time.Time, name string) {
	if b.push == nil {
		return
	}
	d := ivs.RecordingDetail{SessionID: sess.id, EventName: name, ParticipantID: p.id,
		RecordingS3Bucket: p.recBucket, RecordingS3Prefix: p.recPrefix}
	if name == ivs.PushedRecordingEnd {
		d.RecordingDurationMS = now.Sub(p.recStart).Milliseconds()
	}
	b.push(ivs.DetailParticipantRecordingChanged, st.arn, now, d)
}

// pushComposition pushes an IVS Composition State Change; destID names the
// destination of the Destination events.
func (b *backend) pushComposition(c *composition, at time.Time, name, destID string) {
	if b.push == nil {
		return
	}
	b.push(ivs.DetailCompositionStateChange, c.arn, at, ivs.CompositionDetail{EventName: name, StageARN: c.stageARN, ID: destID})
}
