package emulator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

// ListParticipantReplicas takes 1-50 results, where every other List
// operation takes 1-100.
func TestListParticipantReplicasMaxResults(t *testing.T) {
	v := startFast(t)
	src := aws.ToString(v.stage("main").Arn)
	list := func(n int32) error {
		_, err := v.c.ListParticipantReplicas(v.ctx, &ivsrealtime.ListParticipantReplicasInput{
			SourceStageArn: aws.String(src), ParticipantId: aws.String("abcdEFGH1234"), MaxResults: aws.Int32(n)})
		return err
	}
	noErr(t, list(50))
	wantCode(t, list(51), "ValidationException", "less than or equal to 50")
	wantCode(t, list(100), "ValidationException", "less than or equal to 50")
	// The other List operations still take 100.
	_, err := v.c.ListStageSessions(v.ctx, &ivsrealtime.ListStageSessionsInput{StageArn: aws.String(src), MaxResults: aws.Int32(100)})
	noErr(t, err)
}

// Participant ids are [a-zA-Z0-9-]* in every operation but
// DisconnectParticipant, whose pattern also allows '_'.
func TestParticipantIDPattern(t *testing.T) {
	v := startFast(t)
	src := aws.ToString(v.stage("main").Arn)
	dst := aws.ToString(v.stage("other").Arn)
	j := v.join(src, "host")
	const bad = "under_score"
	calls := map[string]func() error{
		"GetParticipant": func() error {
			_, err := v.c.GetParticipant(v.ctx, &ivsrealtime.GetParticipantInput{StageArn: aws.String(src), SessionId: aws.String(j.SessionID), ParticipantId: aws.String(bad)})
			return err
		},
		"ListParticipantEvents": func() error {
			_, err := v.c.ListParticipantEvents(v.ctx, &ivsrealtime.ListParticipantEventsInput{StageArn: aws.String(src), SessionId: aws.String(j.SessionID), ParticipantId: aws.String(bad)})
			return err
		},
		"StartParticipantReplication": func() error {
			_, err := v.c.StartParticipantReplication(v.ctx, &ivsrealtime.StartParticipantReplicationInput{SourceStageArn: aws.String(src), DestinationStageArn: aws.String(dst), ParticipantId: aws.String(bad)})
			return err
		},
		"StopParticipantReplication": func() error {
			_, err := v.c.StopParticipantReplication(v.ctx, &ivsrealtime.StopParticipantReplicationInput{SourceStageArn: aws.String(src), DestinationStageArn: aws.String(dst), ParticipantId: aws.String(bad)})
			return err
		},
		"ListParticipantReplicas": func() error {
			_, err := v.c.ListParticipantReplicas(v.ctx, &ivsrealtime.ListParticipantReplicasInput{SourceStageArn: aws.String(src), ParticipantId: aws.String(bad)})
			return err
		},
	}
	for op, call := range calls {
		t.Run(op, func(t *testing.T) {
			wantCode(t, call(), "ValidationException", "[a-zA-Z0-9-]*")
		})
	}
	// DisconnectParticipant accepts the '_': the id is well formed, and
	// nobody by that id is connected.
	_, err := v.c.DisconnectParticipant(v.ctx, &ivsrealtime.DisconnectParticipantInput{StageArn: aws.String(src), ParticipantId: aws.String(bad)})
	wantCode(t, err, "ResourceNotFoundException", bad)
	_, err = v.c.DisconnectParticipant(v.ctx, &ivsrealtime.DisconnectParticipantInput{StageArn: aws.String(src), ParticipantId: aws.String("a.b")})
	wantCode(t, err, "ValidationException", "regular expression pattern")
}

// The account's resource quotas answer 402 ServiceQuotaExceededException
// one past the quota; deleting one frees its slot.
func TestConfigurationQuotas(t *testing.T) {
	v := startFast(t)
	for _, c := range []struct {
		name, kind string // kind: the operations' suffix and the answer's member
		quota      int
		body       map[string]any
	}{
		{"encoder configurations", "EncoderConfiguration", 20, map[string]any{}},
		{"storage configurations", "StorageConfiguration", 5, map[string]any{"s3": map[string]string{"bucketName": "recordings.example"}}},
		{"ingest configurations", "IngestConfiguration", 100, map[string]any{"ingestProtocol": "RTMPS"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			member := strings.ToLower(c.kind[:1]) + c.kind[1:]
			create := func() rawResponse { return v.post("/Create"+c.kind, c.body) }
			var first string
			for i := range c.quota {
				r := create()
				equal(t, fmt.Sprint("create ", i+1, " status"), r.status, 200)
				if i == 0 {
					first, _ = r.json(t)[member].(map[string]any)["arn"].(string)
				}
			}
			msg := wantRawError(t, create(), 402, "ServiceQuotaExceededException")
			if !strings.Contains(msg, fmt.Sprint(c.quota)) {
				t.Errorf("message %q does not name the quota", msg)
			}
			equal(t, "delete status", v.post("/Delete"+c.kind, map[string]string{"arn": first}).status, 200)
			equal(t, "create after a delete: status", create().status, 200)
		})
	}
}

// Compositions: 5 active per stage and 20 per account; a stopped one
// frees its slot.
func TestCompositionQuotas(t *testing.T) {
	v := startFast(t)
	enc, sto := v.configs()
	startOn := func(stageARN string) (string, error) {
		out, err := v.c.StartComposition(v.ctx, &ivsrealtime.StartCompositionInput{
			StageArn: aws.String(stageARN), Destinations: []types.DestinationConfiguration{s3Dest(enc, sto)}})
		if err != nil {
			return "", err
		}
		return aws.ToString(out.Composition.Arn), nil
	}
	stages := make([]string, 5)
	for i := range stages {
		stages[i] = aws.ToString(v.stage(fmt.Sprint("show-", i)).Arn)
	}
	var firstOnStage0 string
	for i := range 5 {
		arn, err := startOn(stages[0])
		noErr(t, err)
		if i == 0 {
			firstOnStage0 = arn
		}
	}
	_, err := startOn(stages[0])
	wantCode(t, err, "ServiceQuotaExceededException", "5")
	_, err = v.c.StopComposition(v.ctx, &ivsrealtime.StopCompositionInput{Arn: aws.String(firstOnStage0)})
	noErr(t, err)
	_, err = startOn(stages[0])
	noErr(t, err)

	for _, st := range stages[1:4] {
		for range 5 {
			_, err := startOn(st)
			noErr(t, err)
		}
	}
	// 20 active in the account now.
	_, err = startOn(stages[4])
	wantCode(t, err, "ServiceQuotaExceededException", "20")
}
