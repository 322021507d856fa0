package emulator

import (
	"fmt"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The stage operations on the wire: request members, answer envelopes, and
// the checks of the service model's constraints (all 400s, reported before
// any 404). The rules live in the backend (stages.go).

type autoRecIn struct {
	StorageConfigurationArn *string  `json:"storageConfigurationArn"`
	MediaTypes              []string `json:"mediaTypes"`
	ThumbnailConfiguration  *struct {
		TargetIntervalSeconds *int32   `json:"targetIntervalSeconds"`
		Storage               []string `json:"storage"`
		RecordingMode         *string  `json:"recordingMode"`
	} `json:"thumbnailConfiguration"`
	RecordingReconnectWindowSeconds *int32 `json:"recordingReconnectWindowSeconds"`
	HlsConfiguration                *struct {
		TargetSegmentDurationSeconds *int32 `json:"targetSegmentDurationSeconds"`
	} `json:"hlsConfiguration"`
	RecordParticipantReplicas *bool `json:"recordParticipantReplicas"`
}

type tokenConfigIn struct {
	Duration     *int32            `json:"duration"`
	UserID       *string           `json:"userId"`
	Attributes   map[string]string `json:"attributes"`
	Capabilities []string          `json:"capabilities"`
}

type createStageIn struct {
	Name                                  *string           `json:"name"`
	Tags                                  map[string]string `json:"tags"`
	ParticipantTokenConfigurations        []tokenConfigIn   `json:"participantTokenConfigurations"`
	AutoParticipantRecordingConfiguration *autoRecIn        `json:"autoParticipantRecordingConfiguration"`
}

type createStageOut struct {
	Stage             stageOut              `json:"stage"`
	ParticipantTokens []participantTokenOut `json:"participantTokens"`
}

type updateStageIn struct {
	Arn                                   *string    `json:"arn"`
	Name                                  *string    `json:"name"`
	AutoParticipantRecordingConfiguration *autoRecIn `json:"autoParticipantRecordingConfiguration"`
}

type stageResultOut struct {
	Stage stageOut `json:"stage"`
}

type listStagesOut struct {
	Stages    []stageSummaryOut `json:"stages"`
	NextToken string            `json:"nextToken,omitempty"`
}

// checkAutoRec validates an autoParticipantRecordingConfiguration and
// returns it with defaults filled in. The storage configuration's existence
// is checked later (a 404, after all 400s).
func checkAutoRec(v *validator, in *autoRecIn) autoRecOut {
	const f = "autoParticipantRecordingConfiguration"
	out := defaultAutoRec()
	if !v.required(f+".storageConfigurationArn", in.StorageConfigurationArn != nil) {
		return out
	}
	if *in.StorageConfigurationArn == "" {
		return out // "" turns recording off and resets everything else
	}
	v.arn(f+".storageConfigurationArn", *in.StorageConfigurationArn, kindStorage)
	out.StorageConfigurationArn = *in.StorageConfigurationArn
	if in.MediaTypes != nil {
		v.enumList(f+".mediaTypes", in.MediaTypes, 1, ivs.RecordingMediaTypes...)
		out.MediaTypes = in.MediaTypes
	}
	if t := in.ThumbnailConfiguration; t != nil {
		if t.RecordingMode != nil {
			v.enum(f+".thumbnailConfiguration.recordingMode", *t.RecordingMode, ivs.ThumbnailModes...)
			out.ThumbnailConfiguration.RecordingMode = *t.RecordingMode
		}
		if t.Storage != nil {
			v.enumList(f+".thumbnailConfiguration.storage", t.Storage, 2, ivs.ThumbnailStorages...)
			out.ThumbnailConfiguration.Storage = t.Storage
		}
		if t.TargetIntervalSeconds != nil {
			v.intRange(f+".thumbnailConfiguration.targetIntervalSeconds", int64(*t.TargetIntervalSeconds), ivs.MinThumbnailIntervalSeconds, ivs.MaxThumbnailIntervalSeconds)
			out.ThumbnailConfiguration.TargetIntervalSeconds = *t.TargetIntervalSeconds
		}
	}
	if in.RecordingReconnectWindowSeconds != nil {
		v.intRange(f+".recordingReconnectWindowSeconds", int64(*in.RecordingReconnectWindowSeconds), 0, ivs.MaxRecordingReconnectSeconds)
		out.RecordingReconnectWindowSeconds = *in.RecordingReconnectWindowSeconds
	}
	if h := in.HlsConfiguration; h != nil && h.TargetSegmentDurationSeconds != nil {
		v.intRange(f+".hlsConfiguration.targetSegmentDurationSeconds", int64(*h.TargetSegmentDurationSeconds), ivs.MinHLSSegmentSeconds, ivs.MaxHLSSegmentSeconds)
		out.HlsConfiguration.TargetSegmentDurationSeconds = *h.TargetSegmentDurationSeconds
	}
	if in.RecordParticipantReplicas != nil {
		out.RecordParticipantReplicas = *in.RecordParticipantReplicas
	}
	return out
}

// checkToken validates the members a token request shares with a
// participantTokenConfiguration and returns what the token grants, with
// the defaults filled in (both capabilities, 720 minutes).
func checkToken(v *validator, prefix string, in tokenConfigIn) tokenSpec {
	if in.UserID != nil {
		v.str(join(prefix, "userId"), *in.UserID, 0, ivs.MaxUserIDLength, nil)
	}
	v.attributes(join(prefix, "attributes"), in.Attributes)
	if in.Capabilities != nil {
		v.enumList(join(prefix, "capabilities"), in.Capabilities, ivs.MaxCapabilities, ivs.Capabilities...)
	}
	v.optInt(join(prefix, "duration"), in.Duration, ivs.MinTokenDurationMinutes, ivs.MaxTokenDurationMinutes)
	spec := tokenSpec{userID: deref(in.UserID), attributes: in.Attributes, capabilities: in.Capabilities, minutes: ivs.DefaultTokenDurationMinutes}
	if spec.capabilities == nil {
		spec.capabilities = ivs.Capabilities
	}
	if in.Duration != nil {
		spec.minutes = *in.Duration
	}
	return spec
}

func handleCreateStage(b *backend, in *createStageIn) (any, error) {
	v := b.validator()
	v.name("name", in.Name)
	v.tags("tags", in.Tags)
	var tokens []tokenSpec
	if v.listLen("participantTokenConfigurations", len(in.ParticipantTokenConfigurations), 0, ivs.MaxTokenConfigurations) {
		for i, c := range in.ParticipantTokenConfigurations {
			tokens = append(tokens, checkToken(v, fmt.Sprintf("participantTokenConfigurations.%d.member", i+1), c))
		}
	}
	rec := defaultAutoRec()
	if in.AutoParticipantRecordingConfiguration != nil {
		rec = checkAutoRec(v, in.AutoParticipantRecordingConfiguration)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	st, toks, err := b.CreateStage(deref(in.Name), in.Tags, rec, tokens)
	return createStageOut{Stage: st, ParticipantTokens: toks}, err
}

func handleGetStage(b *backend, arn string) (any, error) {
	v, err := b.GetStage(arn)
	return stageResultOut{Stage: v}, err
}

func handleListStages(b *backend, pr pageReq) any {
	list, next := b.ListStages(pr)
	return listStagesOut{Stages: list, NextToken: next}
}

func handleUpdateStage(b *backend, in *updateStageIn) (any, error) {
	v := b.validator()
	v.name("name", in.Name)
	var rec *autoRecOut
	if in.AutoParticipantRecordingConfiguration != nil {
		r := checkAutoRec(v, in.AutoParticipantRecordingConfiguration)
		rec = &r
	}
	arn, err := reqARN(v, "arn", in.Arn, kindStage)
	if err != nil {
		return nil, err
	}
	st, err := b.UpdateStage(arn, in.Name, rec)
	return stageResultOut{Stage: st}, err
}

func handleDeleteStage(b *backend, arn string) (any, error) { return emptyOut{}, b.DeleteStage(arn) }

type createTokenIn struct {
	tokenConfigIn
	StageArn *string `json:"stageArn"`
}

type createTokenOut struct {
	ParticipantToken participantTokenOut `json:"participantToken"`
}

func handleCreateParticipantToken(b *backend, in *createTokenIn) (any, error) {
	v := b.validator()
	v.reqARN("stageArn", in.StageArn, kindStage)
	spec := checkToken(v, "", in.tokenConfigIn)
	if err := v.err(); err != nil {
		return nil, err
	}
	tok, err := b.CreateParticipantToken(*in.StageArn, spec)
	return createTokenOut{ParticipantToken: tok}, err
}
