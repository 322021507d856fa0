package service

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// ListParticipantReplicas lists one page of the replicas of a participant.
func (c *Client) ListParticipantReplicas(ctx context.Context, sourceStageARN, participantID string, r PageRequest) (Page[Replica], error) {
	const op = "ListParticipantReplicas"
	if err := required(op, "source stage ARN", sourceStageARN, "participant id", participantID); err != nil {
		return Page[Replica]{}, err
	}
	token, max, err := r.params(op)
	if err != nil {
		return Page[Replica]{}, err
	}
	out, err := invoke(ctx, c, op, c.api.ListParticipantReplicas, &ivsrealtime.ListParticipantReplicasInput{
		SourceStageArn: aws.String(sourceStageARN), ParticipantId: aws.String(participantID), NextToken: token, MaxResults: max,
	})
	if err != nil {
		return Page[Replica]{}, err
	}
	return Page[Replica]{Items: mapItems(out.Replicas, replicaFromSDK), NextToken: str(out.NextToken)}, nil
}

// AllParticipantReplicas lists every replica of a participant.
func (c *Client) AllParticipantReplicas(ctx context.Context, sourceStageARN, participantID string) ([]Replica, error) {
	const op = "ListParticipantReplicas"
	if err := required(op, "source stage ARN", sourceStageARN, "participant id", participantID); err != nil {
		return nil, err
	}
	p := ivsrealtime.NewListParticipantReplicasPaginator(c.api, &ivsrealtime.ListParticipantReplicasInput{
		SourceStageArn: aws.String(sourceStageARN), ParticipantId: aws.String(participantID),
	}, func(o *ivsrealtime.ListParticipantReplicasPaginatorOptions) {
		o.Limit, o.StopOnDuplicateToken = allLimit(op), true
	})
	return collect(ctx, c, op, p, func(o *ivsrealtime.ListParticipantReplicasOutput) []Replica {
		return mapItems(o.Replicas, replicaFromSDK)
	})
}

// StartParticipantReplication replicates a publishing participant into another stage.
func (c *Client) StartParticipantReplication(ctx context.Context, r StartReplicationRequest) error {
	const op = "StartParticipantReplication"
	if err := required(op, "source stage ARN", r.SourceStageARN, "destination stage ARN", r.DestinationStageARN, "participant id", r.ParticipantID); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.StartParticipantReplication, &ivsrealtime.StartParticipantReplicationInput{
		SourceStageArn:         aws.String(r.SourceStageARN),
		DestinationStageArn:    aws.String(r.DestinationStageARN),
		ParticipantId:          aws.String(r.ParticipantID),
		Attributes:             r.Attributes,
		ReconnectWindowSeconds: optInt32(r.ReconnectWindowSeconds),
	})
	return err
}

// StopParticipantReplication stops replicating a participant into a stage.
func (c *Client) StopParticipantReplication(ctx context.Context, sourceStageARN, destinationStageARN, participantID string) error {
	const op = "StopParticipantReplication"
	if err := required(op, "source stage ARN", sourceStageARN, "destination stage ARN", destinationStageARN, "participant id", participantID); err != nil {
		return err
	}
	_, err := invoke(ctx, c, op, c.api.StopParticipantReplication, &ivsrealtime.StopParticipantReplicationInput{
		SourceStageArn: aws.String(sourceStageARN), DestinationStageArn: aws.String(destinationStageARN), ParticipantId: aws.String(participantID),
	})
	return err
}
