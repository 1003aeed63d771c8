package dev.mailplatform.blobstore;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;

/**
 * Message bodies in S3-compatible storage through the MinIO SDK. Every method blocks: call it from a worker thread,
 * never from a Vert.x event loop.
 */
public final class BlobStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BlobStore.class);
    /** Multipart part size for streamed uploads of unknown length. */
    private static final long PART_SIZE = 8L * 1024 * 1024;
    /**
     * Concurrent S3 requests of one client. The SDK runs every call through OkHttp's asynchronous dispatcher, whose
     * default of 5 requests per host queued everything else: with 20 SMTP sessions the S3 PUTs waited in line and
     * the accept rate was capped at 5 / (PUT latency) whatever the CPU. The callers already bound their own
     * concurrency (worker pools), so this only has to be larger than they are.
     */
    static final int MAX_CONCURRENT_REQUESTS = 128;

    private final MinioClient client;
    private final String bucket;

    public BlobStore(BlobStoreConfig config) {
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(httpClient(), true)
                .build();
        this.bucket = config.bucket();
    }

    private static OkHttpClient httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_CONCURRENT_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_REQUESTS);
        return Http.newDefaultClient().newBuilder()
                .dispatcher(dispatcher)
                .socketFactory(new NoDelaySocketFactory())
                // keep as many idle connections as requests may run at once, so a burst does not reconnect
                .connectionPool(new ConnectionPool(MAX_CONCURRENT_REQUESTS, 5, TimeUnit.MINUTES))
                .build();
    }

    /**
     * Sockets with Nagle's algorithm off. OkHttp writes a PUT's headers and body as separate segments; with Nagle on,
     * the body waited for the server's delayed ACK of the headers, which added 40 ms to every upload of a small
     * message (seen as 44 ms S3 PUTs while the S3 server sat idle).
     */
    private static final class NoDelaySocketFactory extends SocketFactory {
        private final SocketFactory plain = SocketFactory.getDefault();

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket if it does not exist yet (idempotent, safe when several replicas start together). */
    public void ensureBucket() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    LOG.infof("created bucket %s", bucket);
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse() == null ? "" : e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new BlobStoreException("cannot ensure bucket " + bucket, e);
        }
    }

    /** Uploads a spooled file; returns once S3 has acknowledged the write. */
    public void putFile(String key, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            put(key, in, Files.size(file));
        } catch (IOException e) {
            throw new BlobStoreException("cannot read " + file, e);
        }
    }

    /** Uploads {@code size} bytes from {@code in} ({@code size} = -1 when unknown: multipart upload). */
    public void put(String key, InputStream in, long size) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, size < 0 ? null : size, size < 0 ? PART_SIZE : null)
                    .contentType("message/rfc822")
                    .build());
        } catch (Exception e) {
            throw new BlobStoreException("cannot write " + key, e);
        }
    }

    public void put(String key, byte[] bytes) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(bytes, bytes.length)
                    .contentType("message/rfc822").build());
        } catch (Exception e) {
            throw new BlobStoreException("cannot write " + key, e);
        }
    }

    /** Streams the whole object; the caller closes the stream. */
    public InputStream get(String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new BlobStoreException("cannot read " + key, e);
        }
    }

    /** Streams {@code length} bytes from {@code offset} (an HTTP range request: for partial fetches). */
    public InputStream getRange(String key, long offset, long length) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length(length)
                    .build());
        } catch (Exception e) {
            throw new BlobStoreException("cannot read " + key, e);
        }
    }

    public byte[] getBytes(String key) {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BlobStoreException("cannot read " + key, e);
        }
    }

    /** Size in bytes, or -1 when the object does not exist. */
    public long size(String key) {
        try {
            return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
        } catch (ErrorResponseException e) {
            if (e.errorResponse() != null && "NoSuchKey".equals(e.errorResponse().code())) {
                return -1;
            }
            throw new BlobStoreException("cannot stat " + key, e);
        } catch (Exception e) {
            throw new BlobStoreException("cannot stat " + key, e);
        }
    }

    public boolean exists(String key) {
        return size(key) >= 0;
    }

    public void delete(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new BlobStoreException("cannot delete " + key, e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("closing the S3 client failed", e);
        }
    }
}
