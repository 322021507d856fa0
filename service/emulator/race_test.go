package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/smithy-go"
)

// TestParallelClients runs SDK clients, raw control calls and the
// simulation at once; run with -race it checks the locking, and every
// answer must still be a success or a declared AWS error.
func TestParallelClients(t *testing.T) {
	v := start(t, Options{NoThrottle: true, Simulate: true, Seed: 9, SimulationTick: 2 * time.Millisecond, Now: time.Now})
	shared := aws.ToString(v.stage("shared").Arn)
	const workers, rounds = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*4)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := sdkClient(v.e.URL())
			for i := range rounds {
				name := fmt.Sprintf("w%d-%d", w, i)
				st, err := c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{Name: aws.String(name)})
				if err != nil {
					errs <- err
					continue
				}
				tok, err := c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: aws.String(shared), UserId: aws.String(name)})
				if err != nil {
					errs <- err
					continue
				}
				joined, err := callControl(v.e.URL(), "join", map[string]string{"token": aws.ToString(tok.ParticipantToken.Token)})
				if err != nil {
					errs <- err
					continue
				}
				pid := joined["participantId"]
				_ = v.e.Publish(shared, pid)
				if _, err := c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{MaxResults: aws.Int32(7)}); err != nil {
					errs <- err
				}
				if sess := joined["sessionId"]; sess != "" {
					if _, err := c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{StageArn: aws.String(shared), SessionId: aws.String(sess)}); err != nil {
						errs <- err
					}
				}
				if i%3 == 0 {
					_, _ = c.DisconnectParticipant(v.ctx, &ivsrealtime.DisconnectParticipantInput{StageArn: aws.String(shared), ParticipantId: aws.String(pid)})
				} else {
					_ = v.e.Leave(shared, pid)
				}
				if _, err := c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: st.Stage.Arn}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		var ae smithy.APIError
		if !errors.As(err, &ae) || strings.HasPrefix(ae.ErrorCode(), "Internal") {
			t.Errorf("parallel call: %v", err)
		}
	}
	out := must[*ivsrealtime.ListStagesOutput](t)(v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{MaxResults: aws.Int32(100)}))
	for _, s := range out.Stages {
		if strings.HasPrefix(aws.ToString(s.Name), "w") {
			t.Errorf("stage %s was not deleted", aws.ToString(s.Name))
		}
	}
}

// callControl posts to a control endpoint without a testing.T, for use in
// goroutines.
func callControl(base, name string, in any) (map[string]string, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	resp, err := http.Post(base+"/_emulator/"+name, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("/_emulator/%s: %d %s", name, resp.StatusCode, data)
	}
	var out map[string]string
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("/_emulator/%s: %w: %s", name, err, data)
	}
	return out, nil
}
