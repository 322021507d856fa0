package emulator

import (
	"fmt"
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
	cases := []struct {
		name   string
		quota  int
		create func(i int) (string, error)
		remove func(arn string) error
	}{
		{"encoder configurations", 20, func(i int) (string, error) {
			out, err := v.c.CreateEncoderConfiguration(v.ctx, &ivsrealtime.CreateEncoderConfigurationInput{Name: aws.String(fmt.Sprint("enc-", i))})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.EncoderConfiguration.Arn), nil
		}, func(arn string) error {
			_, err := v.c.DeleteEncoderConfiguration(v.ctx, &ivsrealtime.DeleteEncoderConfigurationInput{Arn: aws.String(arn)})
			return err
		}},
		{"storage configurations", 5, func(i int) (string, error) {
			out, err := v.c.CreateStorageConfiguration(v.ctx, &ivsrealtime.CreateStorageConfigurationInput{
				Name: aws.String(fmt.Sprint("rec-", i)), S3: &types.S3StorageConfiguration{BucketName: aws.String("recordings.example")}})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.StorageConfiguration.Arn), nil
		}, func(arn string) error {
			_, err := v.c.DeleteStorageConfiguration(v.ctx, &ivsrealtime.DeleteStorageConfigurationInput{Arn: aws.String(arn)})
			return err
		}},
		{"ingest configurations", 100, func(i int) (string, error) {
			out, err := v.c.CreateIngestConfiguration(v.ctx, &ivsrealtime.CreateIngestConfigurationInput{
				Name: aws.String(fmt.Sprint("ing-", i)), IngestProtocol: types.IngestProtocolRtmps})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.IngestConfiguration.Arn), nil
		}, func(arn string) error {
			_, err := v.c.DeleteIngestConfiguration(v.ctx, &ivsrealtime.DeleteIngestConfigurationInput{Arn: aws.String(arn)})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var first string
			for i := range c.quota {
				arn, err := c.create(i)
				noErr(t, err)
				if i == 0 {
					first = arn
				}
			}
			_, err := c.create(c.quota)
			wantCode(t, err, "ServiceQuotaExceededException", fmt.Sprint(c.quota))
			noErr(t, c.remove(first))
			_, err = c.create(c.quota + 1)
			noErr(t, err)
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
