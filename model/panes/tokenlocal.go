package panes

import (
	"context"
	"fmt"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// With --signing-key and --public-key-arn the token form can sign tokens
// itself (ES384, kid = the imported public key's ARN): no
// CreateParticipantToken call, so none of the quota production shares. It
// needs the stage's events and WHIP endpoints, which ListStages does not
// return: GetStage reads them when the stage lacks them.

// tokenMint mints a token and says how, when not by CreateParticipantToken.
type tokenMint func(ctx context.Context, req service.TokenRequest) (service.ParticipantToken, string, error)

// minter mints the way the form is set to, read now (in Update).
func (t *tokenInputs) minter(c *kit.Context) tokenMint {
	client, stage, signer := c.Client, t.stage, t.signer
	if !t.local.On || signer == nil {
		return func(ctx context.Context, req service.TokenRequest) (service.ParticipantToken, string, error) {
			tok, err := client.CreateParticipantToken(ctx, req)
			return tok, "", err
		}
	}
	return func(ctx context.Context, req service.TokenRequest) (service.ParticipantToken, string, error) {
		via := "locally, signed with " + signer.PublicKeyARN() + " (no API call, no quota)"
		if stage.Endpoints.Events == "" || stage.Endpoints.WHIP == "" {
			full, err := client.GetStage(ctx, stage.ARN)
			if err != nil {
				return service.ParticipantToken{}, "", fmt.Errorf("reading the stage's endpoints to sign locally: %w", err)
			}
			stage = full
			via = "locally, signed with " + signer.PublicKeyARN() + " (no token quota; GetStage read the stage's endpoints)"
		}
		tok, err := signer.Mint(stage, req, c.CurrentTime())
		return tok, via, err
	}
}

// methodRow is the form's choice between signing locally and the API,
// offered only with a signer: one field, space flips it.
func (t *tokenInputs) methodRow(s *ui.Styles, focused bool) string {
	return ui.Toggle(s, t.local.Label(), t.local.On, focused) + "\n" +
		ui.Toggle(s, "via CreateParticipantToken", !t.local.On, false)
}

// methodNote says how the token will be minted.
func (t *tokenInputs) methodNote(s *ui.Styles) string {
	if t.local.On && t.signer != nil {
		return s.Muted.Render("Signed here with public key " + kit.ResourceID(t.signer.PublicKeyARN()) + "'s private half: no API call, no quota")
	}
	return s.Muted.Render(fmt.Sprintf("Minted with CreateParticipantToken (uses the token quota: %g/s shared with your backend)", ivs.TPS("CreateParticipantToken")))
}
