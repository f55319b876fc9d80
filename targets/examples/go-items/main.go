// go-items: a small HTTP service on PostgreSQL, written apart from bench's reference service to show that bench
// measures any service. It reads its configuration from the environment, as services in containers do.
//
//	GET  /health       200 while the process runs (liveness; the balancer's check)
//	GET  /items/{id}   the item, 404 if there is none
//	POST /items        {"name": "..."} -> 201 {"id": n}; answered after the INSERT has committed
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	_ "github.com/lib/pq"
)

type item struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func main() {
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		log.Fatal("DATABASE_URL is required, e.g. postgres://user@127.0.0.1:5432/items?sslmode=disable")
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		log.Fatalf("DATABASE_URL: %v", err)
	}
	pool := envInt("DB_POOL_MAX", 10)
	db.SetMaxOpenConns(pool)
	db.SetMaxIdleConns(pool)
	queryTimeout := time.Duration(envInt("QUERY_TIMEOUT_MS", 5000)) * time.Millisecond

	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			http.Error(w, "id must be an integer", http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), queryTimeout)
		defer cancel()
		var it item
		err = db.QueryRowContext(ctx, "SELECT id, name FROM items WHERE id = $1", id).Scan(&it.ID, &it.Name)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			http.Error(w, "no such item", http.StatusNotFound)
		case err != nil:
			http.Error(w, "database: "+err.Error(), http.StatusServiceUnavailable)
		default:
			writeJSON(w, http.StatusOK, it)
		}
	})
	mux.HandleFunc("POST /items", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Name string `json:"name"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil || in.Name == "" {
			http.Error(w, `body must be {"name": "..."}`, http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), queryTimeout)
		defer cancel()
		var id int64
		if err := db.QueryRowContext(ctx, "INSERT INTO items (name) VALUES ($1) RETURNING id", in.Name).Scan(&id); err != nil {
			http.Error(w, "database: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]int64{"id": id})
	})

	addr := os.Getenv("HOST") + ":" + strconv.Itoa(envInt("PORT", 8080))
	server := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		server.Shutdown(ctx)
	}()
	log.Printf("go-items listening on %s", addr)
	if err := server.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

func envInt(name string, fallback int) int {
	v, err := strconv.Atoi(os.Getenv(name))
	if err != nil || v <= 0 {
		return fallback
	}
	return v
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
