package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeCommand runs `saywho serve` as a user would: it answers on the
// address it prints, POST /api/articles asks for the token set in
// SAYWHO_TOKEN, and an interrupt stops it cleanly (exit code 0).
func TestServeCommand(t *testing.T) {
	db := fixtureDB(t)
	b, _ := json.Marshal([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"})
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaywhoProcess$")
	cmd.Env = append(os.Environ(), "SAYWHO_TEST_ARGS="+string(b), "SAYWHO_TOKEN=serve-test-token")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	addr := make(chan string, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+) `)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	var base string
	select {
	case base = <-addr:
	case <-time.After(60 * time.Second):
		t.Fatalf("saywho serve printed no address")
	}
	if base == "" {
		t.Fatalf("saywho serve ended before listening")
	}

	resp, err := http.Get(base + "/api/stats")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"statements":9`) {
		t.Errorf("/api/stats: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Post(base+"/api/articles", "text/plain", strings.NewReader("Berg said so."))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST without the token set in SAYWHO_TOKEN: %d, want 401", resp.StatusCode)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("saywho serve after SIGTERM: %v\n%s", err, log.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("saywho serve did not stop on SIGTERM")
	}
}

func TestServeCommandNoDatabase(t *testing.T) {
	_, stderr, code := saywhoRun(t, "serve", "--db", filepath.Join(t.TempDir(), "missing.db"), "--addr", "127.0.0.1:0")
	if code == 0 || !strings.Contains(stderr, "no database at") {
		t.Errorf("serve on a missing database: exit %d, %q", code, stderr)
	}
}
