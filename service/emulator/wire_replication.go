package emulator

import "github.com/ivsdash/ivsdash/service/ivs"

// The participant replication operations on the wire (rules:
// replication.go).

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

type listReplicasOut struct {
	Replicas  []replicaOut `json:"replicas"`
	NextToken string       `json:"nextToken,omitempty"`
}

// checkReplicationIn checks the members that name a replication: two
// different stages and a participant.
func checkReplicationIn(v *validator, in *replicationIn) {
	src := v.reqARN("sourceStageArn", in.SourceStageArn, kindStage)
	dst := v.reqARN("destinationStageArn", in.DestinationStageArn, kindStage)
	v.participantID("participantId", in.ParticipantID, &participantIDPat)
	if src != "" && src == dst {
		v.fail("destinationStageArn", *in.DestinationStageArn, "Member must name a stage other than sourceStageArn")
	}
}

func handleStartParticipantReplication(b *backend, in *startReplicationIn) (any, error) {
	v := b.validator()
	checkReplicationIn(v, &in.replicationIn)
	v.attributes("attributes", in.Attributes)
	v.optInt("reconnectWindowSeconds", in.ReconnectWindowSeconds, 0, ivs.MaxReplicationReconnectSeconds)
	if err := v.err(); err != nil {
		return nil, err
	}
	return emptyOut{}, b.StartParticipantReplication(*in.SourceStageArn, *in.DestinationStageArn, *in.ParticipantID, in.Attributes)
}

func handleStopParticipantReplication(b *backend, in *replicationIn) (any, error) {
	v := b.validator()
	checkReplicationIn(v, in)
	if err := v.err(); err != nil {
		return nil, err
	}
	return emptyOut{}, b.StopParticipantReplication(*in.SourceStageArn, *in.DestinationStageArn, *in.ParticipantID)
}

func handleListParticipantReplicas(b *backend, in *listReplicasIn) (any, error) {
	v := b.validator()
	v.reqARN("sourceStageArn", in.SourceStageArn, kindStage)
	v.participantID("participantId", in.ParticipantID, &participantIDPat)
	pr := page(v, &b.pager, in.listIn, "ListParticipantReplicas", deref(in.SourceStageArn), deref(in.ParticipantID))
	if err := v.err(); err != nil {
		return nil, err
	}
	list, next := b.ListParticipantReplicas(*in.SourceStageArn, *in.ParticipantID, pr)
	return listReplicasOut{Replicas: list, NextToken: next}, nil
}
