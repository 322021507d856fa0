package emulator

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// Every operation either reads (Get*, List*) or mutates.
func TestIsMutatingSplitsTheOperations(t *testing.T) {
	var mutating []string
	for _, op := range OperationNames() {
		reads := strings.HasPrefix(op, "Get") || strings.HasPrefix(op, "List")
		if IsMutating(op) == reads {
			t.Errorf("%s: IsMutating %v", op, IsMutating(op))
		}
		if !reads {
			mutating = append(mutating, op)
		}
	}
	slices.Sort(mutating)
	equalSlices(t, "mutating operations", mutating, []string{
		"CreateEncoderConfiguration", "CreateIngestConfiguration", "CreateParticipantToken", "CreateStage", "CreateStorageConfiguration",
		"DeleteEncoderConfiguration", "DeleteIngestConfiguration", "DeletePublicKey", "DeleteStage", "DeleteStorageConfiguration",
		"DisconnectParticipant", "ImportPublicKey", "StartComposition", "StartParticipantReplication", "StopComposition",
		"StopParticipantReplication", "TagResource", "UntagResource", "UpdateIngestConfiguration", "UpdateStage",
	})
}

func TestMutationsCountServedAndRefusedCalls(t *testing.T) {
	v := startFast(t)
	equal(t, "nothing yet", len(v.e.Mutations()), 0)
	arn := aws.ToString(v.stage("s").Arn)
	noErr(t, v.listStages())
	noErr(t, v.e.SetFaults("error500=1@DeleteStage,TagResource"))
	_, err := v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: aws.String(arn)})
	wantCode(t, err, "InternalServerException", "")
	_, err = v.c.TagResource(v.ctx, &ivsrealtime.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"a": "b"}})
	wantCode(t, err, "InternalServerException", "")
	want := map[string]int{"CreateStage": 1, "DeleteStage": 1, "TagResource": 1}
	got := v.e.Mutations()
	equal(t, "mutating operations", len(got), len(want))
	for op, n := range want {
		equal(t, op, got[op], n)
	}
	equal(t, "DeleteStage served", v.e.Operations()["DeleteStage"], 0)
	r := v.raw(http.MethodGet, "/_emulator/operations", "")
	m := r.json(t)
	equal(t, "refused over HTTP", m["refused"].(map[string]any)["TagResource"], any(float64(1)))
	equal(t, "mutations over HTTP", m["mutations"].(map[string]any)["DeleteStage"], any(float64(1)))
}

// The routing table is the catalogue's: every operation has a POST route
// (the tag operations have /tags/), and no route serves anything else.
func TestRoutesAreTheCatalogues(t *testing.T) {
	tagOps := map[string]bool{"ListTagsForResource": true, "TagResource": true, "UntagResource": true}
	for _, op := range ivs.OperationNames() {
		if _, ok := operations[op]; !ok && !tagOps[op] {
			t.Errorf("%s has no route", op)
		}
	}
	for op := range operations {
		if _, ok := ivs.Lookup(op); !ok || tagOps[op] {
			t.Errorf("route %s is not a POST operation of the catalogue", op)
		}
	}
}
