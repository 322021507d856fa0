package emulator

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"

	"github.com/ivsdash/ivsdash/service/ivs"
)

func TestReplication(t *testing.T) {
	v := startFast(t)
	src := aws.ToString(v.stage("main").Arn)
	dst := aws.ToString(v.stage("overflow").Arn)
	host := v.join(src, "host")
	idle := v.join(src, "idle")
	start := func(pid, to string) error {
		_, err := v.c.StartParticipantReplication(v.ctx, &ivsrealtime.StartParticipantReplicationInput{
			SourceStageArn: aws.String(src), DestinationStageArn: aws.String(to), ParticipantId: aws.String(pid),
			Attributes: map[string]string{"replica": "yes"}})
		return err
	}
	wantCode(t, start(idle.ParticipantID, dst), "ConflictException", "not publishing")
	wantCode(t, start("nobody", dst), "ResourceNotFoundException", "nobody")
	wantCode(t, start(host.ParticipantID, src), "ValidationException", "other than sourceStageArn")
	wantCode(t, start(host.ParticipantID, "arn:aws:ivs:us-east-1:123456789012:stage/zzzzzzzzzzzz"), "ResourceNotFoundException", "")
	_, err := v.c.StartParticipantReplication(v.ctx, &ivsrealtime.StartParticipantReplicationInput{SourceStageArn: aws.String(src),
		DestinationStageArn: aws.String(dst), ParticipantId: aws.String(host.ParticipantID), ReconnectWindowSeconds: aws.Int32(61)})
	wantCode(t, err, "ValidationException", "reconnectWindowSeconds")

	noErr(t, v.e.Publish(src, host.ParticipantID))
	out := must[*ivsrealtime.StartParticipantReplicationOutput](t)(v.c.StartParticipantReplication(v.ctx, &ivsrealtime.StartParticipantReplicationInput{
		SourceStageArn: aws.String(src), DestinationStageArn: aws.String(dst), ParticipantId: aws.String(host.ParticipantID),
		Attributes: map[string]string{"replica": "yes"}}))
	equal(t, "CORS header the SDK reads", aws.ToString(out.AccessControlAllowOrigin), "*")
	wantCode(t, start(host.ParticipantID, dst), "ConflictException", "already replicated")

	dstStage := must[*ivsrealtime.GetStageOutput](t)(v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: aws.String(dst)})).Stage
	dsess := aws.ToString(dstStage.ActiveSessionId)
	if dsess == "" {
		t.Fatal("the replica opens a session in the destination")
	}
	rep := v.participant(dst, dsess, host.ParticipantID)
	equal(t, "replica type", rep.ReplicationType, types.ReplicationTypeReplica)
	equal(t, "replica state", rep.ReplicationState, types.ReplicationStateActive)
	equal(t, "replica source", aws.ToString(rep.SourceStageArn), src)
	equal(t, "replica source session", aws.ToString(rep.SourceSessionId), host.SessionID)
	equal(t, "replica attributes merged", rep.Attributes["replica"], "yes")
	equal(t, "replica publishes", rep.Published, true)
	srcP := v.participant(src, host.SessionID, host.ParticipantID)
	equal(t, "source type", srcP.ReplicationType, types.ReplicationTypeSource)

	evs := must[*ivsrealtime.ListParticipantEventsOutput](t)(v.c.ListParticipantEvents(v.ctx, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(src), SessionId: aws.String(host.SessionID), ParticipantId: aws.String(host.ParticipantID)})).Events
	last := evs[len(evs)-1]
	equal(t, "source event", last.Name, types.EventNameReplicationStarted)
	equal(t, "destination stage", aws.ToString(last.DestinationStageArn), dst)
	equal(t, "destination session", aws.ToString(last.DestinationSessionId), dsess)
	repEvs := must[*ivsrealtime.ListParticipantEventsOutput](t)(v.c.ListParticipantEvents(v.ctx, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(dst), SessionId: aws.String(dsess), ParticipantId: aws.String(host.ParticipantID)})).Events
	if len(repEvs) != 2 || repEvs[0].Name != types.EventNameJoined || !repEvs[0].Replica || repEvs[1].Name != types.EventNamePublishStarted {
		t.Fatalf("replica events %+v", repEvs)
	}

	viewer := v.join(dst, "viewer")
	noErr(t, v.e.Subscribe(dst, viewer.ParticipantID, host.ParticipantID))
	vev := must[*ivsrealtime.ListParticipantEventsOutput](t)(v.c.ListParticipantEvents(v.ctx, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(dst), SessionId: aws.String(dsess), ParticipantId: aws.String(viewer.ParticipantID)})).Events
	equal(t, "subscribe to a replica is flagged", vev[1].Replica, true)

	replicas := must[*ivsrealtime.ListParticipantReplicasOutput](t)(v.c.ListParticipantReplicas(v.ctx, &ivsrealtime.ListParticipantReplicasInput{
		SourceStageArn: aws.String(src), ParticipantId: aws.String(host.ParticipantID)})).Replicas
	if len(replicas) != 1 || replicas[0].ReplicationState != types.ReplicationStateActive || aws.ToString(replicas[0].DestinationSessionId) != dsess {
		t.Fatalf("replicas %+v", replicas)
	}

	must[*ivsrealtime.StopParticipantReplicationOutput](t)(v.c.StopParticipantReplication(v.ctx, &ivsrealtime.StopParticipantReplicationInput{
		SourceStageArn: aws.String(src), DestinationStageArn: aws.String(dst), ParticipantId: aws.String(host.ParticipantID)}))
	equalSlices(t, "replica after stop", v.events(dst, dsess, host.ParticipantID), []string{"JOINED", "PUBLISH_STARTED", "PUBLISH_STOPPED", "LEFT"})
	equalSlices(t, "viewer after stop", v.events(dst, dsess, viewer.ParticipantID), []string{"JOINED", "SUBSCRIBE_STARTED>" + host.ParticipantID, "SUBSCRIBE_STOPPED>" + host.ParticipantID})
	equal(t, "source state", v.participant(src, host.SessionID, host.ParticipantID).ReplicationState, types.ReplicationStateStopped)
	_, err = v.c.StopParticipantReplication(v.ctx, &ivsrealtime.StopParticipantReplicationInput{
		SourceStageArn: aws.String(src), DestinationStageArn: aws.String(dst), ParticipantId: aws.String(host.ParticipantID)})
	wantCode(t, err, "ResourceNotFoundException", "")

	// Replications stop with the source's publish, and there are at most 5.
	var dsts []string
	for i := range ivs.MaxReplicationsPerParticipant + 1 {
		dsts = append(dsts, aws.ToString(v.stage(fmt.Sprintf("d%d", i)).Arn))
	}
	for _, d := range dsts[:ivs.MaxReplicationsPerParticipant] {
		noErr(t, start(host.ParticipantID, d))
	}
	wantCode(t, start(host.ParticipantID, dsts[ivs.MaxReplicationsPerParticipant]), "ServiceQuotaExceededException", "5")
	noErr(t, v.e.Unpublish(src, host.ParticipantID))
	all := must[*ivsrealtime.ListParticipantReplicasOutput](t)(v.c.ListParticipantReplicas(v.ctx, &ivsrealtime.ListParticipantReplicasInput{
		SourceStageArn: aws.String(src), ParticipantId: aws.String(host.ParticipantID)})).Replicas
	equal(t, "history", len(all), 1+ivs.MaxReplicationsPerParticipant)
	for _, r := range all {
		equal(t, "stopped with the publish", r.ReplicationState, types.ReplicationStateStopped)
	}
	for _, d := range dsts[:ivs.MaxReplicationsPerParticipant] {
		if s := must[*ivsrealtime.GetStageOutput](t)(v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: aws.String(d)})).Stage; s.ActiveSessionId != nil {
			t.Fatalf("destination %s still has a live session", d)
		}
	}
}
