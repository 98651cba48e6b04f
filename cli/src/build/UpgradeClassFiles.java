import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step for the JVM's ahead-of-time cache (run by cli/pom.xml's aot-cache profile on JDK 25+,
 * as a source-file program): rewrites the class files of the shaded jar that are older than
 * Java 6 (picocli's, major version 49) as Java 8 class files with stack maps, computed by the
 * JDK's java.lang.classfile API. The code is unchanged; only the format is newer. Why: the JVM
 * leaves classes older than version 50 (and classes verified by the old verifier) out of an AOT
 * cache, so every jblock run would otherwise parse and verify picocli's ~230 classes from the
 * jar, the largest part of its start-up. A class the API cannot rewrite is left as it is.
 *
 * Usage: java UpgradeClassFiles.java JAR
 */
public final class UpgradeClassFiles {
    private UpgradeClassFiles() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int upgraded = 0;
        int kept = 0;
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path root = zip.getPath("/");
            ClassHierarchyResolver fromJar = ClassHierarchyResolver.ofResourceParsing(desc -> {
                String name = desc.descriptorString();
                Path p = root.resolve(name.substring(1, name.length() - 1) + ".class");
                try {
                    return Files.exists(p) ? Files.newInputStream(p) : null;
                } catch (IOException e) {
                    return (InputStream) null;
                }
            });
            ClassFile cf = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver().orElse(fromJar)),
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            List<Path> classes;
            try (Stream<Path> s = Files.walk(root)) {
                classes = s.filter(p -> p.toString().endsWith(".class") && !p.startsWith("/META-INF")).toList();
            }
            for (Path p : classes) {
                byte[] bytes = Files.readAllBytes(p);
                ClassModel model = cf.parse(bytes);
                if (model.majorVersion() >= ClassFile.JAVA_6_VERSION) {
                    continue;
                }
                try {
                    byte[] out = cf.transformClass(model,
                            ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                    .andThen(ClassTransform.endHandler(b -> b.withVersion(ClassFile.JAVA_8_VERSION, 0))));
                    Files.write(p, out);
                    upgraded++;
                } catch (RuntimeException e) {
                    System.err.println("UpgradeClassFiles: " + p + " left as it is: " + e);
                    kept++;
                }
            }
        }
        System.out.println("UpgradeClassFiles: " + jar + ": " + upgraded + " class files rewritten as Java 8, " + kept
                + " left as they were");
    }
}
