package emulator

import (
	"slices"
	"strconv"
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// replication copies a publishing participant of a source stage into a
// destination stage, where it appears as a REPLICA participant with the same
// id. It is kept on the source stage, in creation order.
type replication struct {
	meta
	participantID string
	srcStageARN   string
	srcSessionID  string
	dstStageID    string
	dstStageARN   string
	dstSessionID  string
	state         string // ACTIVE, STOPPED
}

type replicaOut struct {
	SourceStageArn       string `json:"sourceStageArn"`
	ParticipantID        string `json:"participantId"`
	SourceSessionID      string `json:"sourceSessionId"`
	DestinationStageArn  string `json:"destinationStageArn"`
	DestinationSessionID string `json:"destinationSessionId"`
	ReplicationState     string `json:"replicationState"`
}

// StartParticipantReplication replicates a publishing participant of the
// source stage into the destination stage, with attrs added to its own.
func (b *backend) StartParticipantReplication(srcARN, dstARN, pid string, attrs map[string]string) error {
	now := b.lock()
	defer b.unlock()
	src, err := findARN(&b.stages, srcARN)
	if err != nil {
		return err
	}
	dst, err := findARN(&b.stages, dstARN)
	if err != nil {
		return err
	}
	p := b.connectedParticipant(src, pid)
	if p == nil {
		return notFound("participant " + pid + " connected to " + src.arn)
	}
	if !p.publishing {
		return conflict("participant %s is not publishing; only a publishing participant can be replicated", pid)
	}
	active := 0
	for _, r := range src.replications.order {
		if r.participantID == pid && r.state == "ACTIVE" {
			if r.dstStageID == dst.id {
				return conflict("participant %s is already replicated to %s", pid, dst.arn)
			}
			active++
		}
	}
	if active >= ivs.MaxReplicationsPerParticipant {
		return quotaExceeded("participant %s already has %d concurrent replications", pid, ivs.MaxReplicationsPerParticipant)
	}
	if b.connectedParticipant(dst, pid) != nil {
		return conflict("participant %s is already connected to %s", pid, dst.arn)
	}
	if dst.active != nil && publishers(dst.active) >= ivs.MaxPublishersPerStage {
		return quotaExceeded("stage %s already has %d publishers", dst.arn, ivs.MaxPublishersPerStage)
	}

	dsess := b.openSession(dst, now)
	seq := b.nextSeq()
	r := &replication{
		meta:          meta{id: strconv.FormatUint(seq, 10), seq: seq},
		participantID: pid,
		srcStageARN:   src.arn,
		srcSessionID:  src.active.id,
		dstStageID:    dst.id,
		dstStageARN:   dst.arn,
		dstSessionID:  dsess.id,
		state:         "ACTIVE",
	}
	src.replications.add(r)
	b.trimReplications(src)

	rep := b.enter(dsess, pid, now)
	rep.userID = p.userID
	rep.attributes = cloneMap(p.attributes)
	for k, val := range attrs {
		rep.attributes[k] = val
	}
	rep.canPublish, rep.canSubscribe = true, false
	rep.protocol = p.protocol
	rep.client = p.client
	rep.ingestID = ""
	rep.replType, rep.replState = "REPLICA", "ACTIVE"
	rep.srcStageARN, rep.srcSessionID = src.arn, src.active.id
	rep.replicaOf = r
	b.record(rep, now, "JOINED", event{})
	b.startPublishing(dst, dsess, rep, now)

	p.replType, p.replState = "SOURCE", "ACTIVE"
	b.recordStageUpdate(src, src.active, p, now, "REPLICATION_STARTED", event{dest: &eventDest{stage: dst.arn, session: dsess.id}})
	return nil
}

// StopParticipantReplication stops an active replication.
func (b *backend) StopParticipantReplication(srcARN, dstARN, pid string) error {
	now := b.lock()
	defer b.unlock()
	src, err := findARN(&b.stages, srcARN)
	if err != nil {
		return err
	}
	dst, err := findARN(&b.stages, dstARN)
	if err != nil {
		return err
	}
	r := activeReplication(src, pid, dst.id)
	if r == nil {
		return notFound("replication of participant " + pid + " from " + src.arn + " to " + dstARN)
	}
	b.stopReplication(src, r, now)
	return nil
}

func activeReplication(src *stage, pid, dstID string) *replication {
	for _, r := range src.replications.order {
		if r.participantID == pid && r.dstStageID == dstID && r.state == "ACTIVE" {
			return r
		}
	}
	return nil
}

// trimReplications keeps the history of stopped replications bounded.
func (b *backend) trimReplications(src *stage) {
	for _, r := range slices.Clone(src.replications.order) {
		if src.replications.len() <= maxReplicationHistory {
			return
		}
		if r.state == "STOPPED" {
			src.replications.remove(r.id)
		}
	}
}

// stopReplication ends a replication from the source side: the source
// participant gets REPLICATION_STOPPED and the replica leaves.
func (b *backend) stopReplication(src *stage, r *replication, now time.Time) {
	r.state = "STOPPED"
	b.noteReplicationStopped(src, r, now)
	if dst, ok := b.stages.get(r.dstStageID); ok {
		if rep := b.connectedParticipant(dst, r.participantID); rep != nil && rep.replicaOf == r {
			b.disconnect(dst, dst.active, rep, now, false)
		}
	}
}

// endReplicationFromReplica ends a replication whose replica left the
// destination (disconnected, or its stage deleted).
func (b *backend) endReplicationFromReplica(r *replication, now time.Time) {
	r.state = "STOPPED"
	v := b.validator()
	if src, ok := b.stages.get(v.arn("sourceStageArn", r.srcStageARN, kindStage)); ok {
		b.noteReplicationStopped(src, r, now)
	}
}

func (b *backend) noteReplicationStopped(src *stage, r *replication, now time.Time) {
	sess, ok := src.sessions.get(r.srcSessionID)
	if !ok {
		return
	}
	p, ok := sess.participants.get(r.participantID)
	if !ok {
		return
	}
	b.recordStageUpdate(src, sess, p, now, "REPLICATION_STOPPED", event{dest: &eventDest{stage: r.dstStageARN, session: r.dstSessionID}})
	for _, other := range src.replications.order {
		if other.participantID == p.id && other.state == "ACTIVE" {
			return
		}
	}
	p.replState = "STOPPED"
}

// ListParticipantReplicas lists a participant's replications out of a
// stage; a stage that does not exist has none (no ResourceNotFoundException
// declared).
func (b *backend) ListParticipantReplicas(srcARN, pid string, pr pageReq) ([]replicaOut, string) {
	b.lock()
	defer b.unlock()
	var items []*replication
	if src, ok := b.stages.get(idOf(srcARN)); ok {
		items = src.replications.order
	}
	page, next := listPage(&b.pager, pr, items, func(r *replication) bool {
		return r.participantID == pid
	})
	out := make([]replicaOut, 0, len(page))
	for _, r := range page {
		out = append(out, replicaOut{
			SourceStageArn:       r.srcStageARN,
			ParticipantID:        r.participantID,
			SourceSessionID:      r.srcSessionID,
			DestinationStageArn:  r.dstStageARN,
			DestinationSessionID: r.dstSessionID,
			ReplicationState:     r.state,
		})
	}
	return out, next
}
