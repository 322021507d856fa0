package emulator

import (
	"slices"
	"strconv"
	"time"
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

type replicationIn struct {
	SourceStageArn      *string `json:"sourceStageArn"`
	DestinationStageArn *string `json:"destinationStageArn"`
	ParticipantID       *string `json:"participantId"`
}

type startReplicationIn struct {
	replicationIn
	Attributes             map[string]string `json:"attributes"`
	ReconnectWindowSeconds *int32            `json:"reconnectWindowSeconds"`
}

type listReplicasIn struct {
	listIn
	SourceStageArn *string `json:"sourceStageArn"`
	ParticipantID  *string `json:"participantId"`
}

type replicaOut struct {
	SourceStageArn       string `json:"sourceStageArn"`
	ParticipantID        string `json:"participantId"`
	SourceSessionID      string `json:"sourceSessionId"`
	DestinationStageArn  string `json:"destinationStageArn"`
	DestinationSessionID string `json:"destinationSessionId"`
	ReplicationState     string `json:"replicationState"`
}

type listReplicasOut struct {
	Replicas  []replicaOut `json:"replicas"`
	NextToken string       `json:"nextToken,omitempty"`
}

func (b *backend) checkReplicationIn(v *validator, in *replicationIn) (src, dst string) {
	src = v.reqARN("sourceStageArn", in.SourceStageArn, kindStage)
	dst = v.reqARN("destinationStageArn", in.DestinationStageArn, kindStage)
	v.participantID("participantId", in.ParticipantID, &participantIDPat)
	if src != "" && src == dst {
		v.fail("destinationStageArn", *in.DestinationStageArn, "Member must name a stage other than sourceStageArn")
	}
	return src, dst
}

func (b *backend) StartParticipantReplication(in *startReplicationIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	srcID, dstID := b.checkReplicationIn(v, &in.replicationIn)
	v.attributes("attributes", in.Attributes)
	v.optInt("reconnectWindowSeconds", in.ReconnectWindowSeconds, 0, 60)
	if err := v.err(); err != nil {
		return nil, err
	}
	src, err := b.stages.find(srcID, *in.SourceStageArn)
	if err != nil {
		return nil, err
	}
	dst, err := b.stages.find(dstID, *in.DestinationStageArn)
	if err != nil {
		return nil, err
	}
	pid := *in.ParticipantID
	p := b.connectedParticipant(src, pid)
	if p == nil {
		return nil, notFound("participant " + pid + " connected to " + src.arn)
	}
	if !p.publishing {
		return nil, conflict("participant %s is not publishing; only a publishing participant can be replicated", pid)
	}
	active := 0
	for _, r := range src.replications.order {
		if r.participantID == pid && r.state == "ACTIVE" {
			if r.dstStageID == dst.id {
				return nil, conflict("participant %s is already replicated to %s", pid, dst.arn)
			}
			active++
		}
	}
	if active >= maxReplications {
		return nil, quotaExceeded("participant %s already has %d concurrent replications", pid, maxReplications)
	}
	if b.connectedParticipant(dst, pid) != nil {
		return nil, conflict("participant %s is already connected to %s", pid, dst.arn)
	}
	if dst.active != nil && publishers(dst.active) >= maxPublishers {
		return nil, quotaExceeded("stage %s already has %d publishers", dst.arn, maxPublishers)
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
	for k, val := range in.Attributes {
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
	b.record(p, now, "REPLICATION_STARTED", event{dest: &eventDest{stage: dst.arn, session: dsess.id}})
	return emptyOut{}, nil
}

func (b *backend) StopParticipantReplication(in *replicationIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	srcID, dstID := b.checkReplicationIn(v, in)
	if err := v.err(); err != nil {
		return nil, err
	}
	src, err := b.stages.find(srcID, *in.SourceStageArn)
	if err != nil {
		return nil, err
	}
	if _, err := b.stages.find(dstID, *in.DestinationStageArn); err != nil {
		return nil, err
	}
	r := activeReplication(src, *in.ParticipantID, dstID)
	if r == nil {
		return nil, notFound("replication of participant " + *in.ParticipantID + " from " + src.arn + " to " + *in.DestinationStageArn)
	}
	b.stopReplication(src, r, now)
	return emptyOut{}, nil
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
	b.record(p, now, "REPLICATION_STOPPED", event{dest: &eventDest{stage: r.dstStageARN, session: r.dstSessionID}})
	for _, other := range src.replications.order {
		if other.participantID == p.id && other.state == "ACTIVE" {
			return
		}
	}
	p.replState = "STOPPED"
}

func (b *backend) ListParticipantReplicas(in *listReplicasIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	id := v.reqARN("sourceStageArn", in.SourceStageArn, kindStage)
	v.participantID("participantId", in.ParticipantID, &participantIDPat)
	limit := v.maxResults(in.MaxResults, 50, maxReplicaPageSize)
	sc := scope("ListParticipantReplicas", deref(in.SourceStageArn), deref(in.ParticipantID))
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	// ListParticipantReplicas declares no ResourceNotFoundException: a
	// stage that does not exist has no replicas.
	var items []*replication
	if src, ok := b.stages.get(id); ok {
		items = src.replications.order
	}
	page, next := listPage(&b.pager, sc, items, after, limit, func(r *replication) bool {
		return r.participantID == *in.ParticipantID
	})
	out := listReplicasOut{Replicas: make([]replicaOut, 0, len(page)), NextToken: next}
	for _, r := range page {
		out.Replicas = append(out.Replicas, replicaOut{
			SourceStageArn:       r.srcStageARN,
			ParticipantID:        r.participantID,
			SourceSessionID:      r.srcSessionID,
			DestinationStageArn:  r.dstStageARN,
			DestinationSessionID: r.dstSessionID,
			ReplicationState:     r.state,
		})
	}
	return out, nil
}
