package io.multiarch.plugincheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.SAXParserFactory;
import org.codehaus.groovy.control.CompilationUnit.ISourceUnitOperation;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The Jenkins plugin cannot be compiled where only Maven Central is reachable; these checks run in
 * the default build instead: every Java and Groovy source parses, every Jelly view and help file is
 * well-formed XML, every form field has a help file, every Jenkins class the plugin imports is
 * recorded (with the source it was checked against) in docs/jenkins-api-usage.md, the whole plugin
 * main source compiles against the engine plus signature stubs of those Jenkins APIs (src/stubs/java), and the
 * plugin's test sources compile against those classes plus stubs of the test-scoped artifacts (src/test-stubs/java).
 */
class PluginSourcesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PLUGIN = ROOT.resolve("plugin/src");
    /** Signature-only stubs of the Jenkins APIs the plugin uses: compiled by the tests only, never packaged. */
    private static final Path STUBS = ROOT.resolve("plugin-check/src/stubs/java");
    /**
     * Signature-only stubs of what only the plugin's tests may use: the artifacts plugin/pom.xml has in test scope
     * (jenkins-test-harness and its HtmlUnit, workflow-job, workflow-step-api's tests jar). Kept apart from STUBS so
     * that the main sources are compiled without them, as in the real build: a main class importing JenkinsRule or
     * WorkflowJob fails here too.
     */
    private static final Path TEST_STUBS = ROOT.resolve("plugin-check/src/test-stubs/java");
    private static final List<String> JENKINS_PACKAGES = List.of("hudson.", "jenkins.", "org.jenkinsci.", "org.kohsuke.",
            "com.cloudbees.", "net.sf.json.");

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static JavaParser javaParser() {
        return new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    }

    @Test
    void everyJavaSourceParses() throws IOException {
        List<Path> sources = files(PLUGIN, ".java");
        assertThat(sources).as("plugin Java sources").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path file : sources) {
            ParseResult<CompilationUnit> result = javaParser().parse(file);
            if (!result.isSuccessful()) {
                problems.add(ROOT.relativize(file) + ": " + result.getProblems());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyGroovySourceAndTheJenkinsfileParse() throws IOException {
        List<Path> sources = new ArrayList<>(files(PLUGIN, ".groovy"));
        sources.addAll(files(PLUGIN.resolve("test/resources"), ".jenkinsfile"));
        if (Files.exists(ROOT.resolve("Jenkinsfile"))) {
            sources.add(ROOT.resolve("Jenkinsfile"));
        }
        assertThat(sources).as("Groovy sources and Jenkinsfiles").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path file : sources) {
            org.codehaus.groovy.control.CompilationUnit unit = new org.codehaus.groovy.control.CompilationUnit(
                    new CompilerConfiguration());
            unit.addSource(file.getFileName().toString(), Files.readString(file));
            try {
                unit.compile(Phases.CONVERSION);
            } catch (RuntimeException e) {
                problems.add(ROOT.relativize(file) + ": " + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyJellyAndHelpFileIsWellFormed() throws Exception {
        List<Path> views = new ArrayList<>(files(PLUGIN, ".jelly"));
        List<Path> help = files(PLUGIN, ".html");
        assertThat(views).as("Jelly views").isNotEmpty();
        assertThat(help).as("help files").isNotEmpty();
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        List<String> problems = new ArrayList<>();
        for (Path file : views) {
            try {
                factory.newSAXParser().parse(file.toFile(), new DefaultHandler());
            } catch (Exception e) {
                problems.add(ROOT.relativize(file) + ": " + e.getMessage());
            }
        }
        for (Path file : help) {
            String wrapped = "<help>" + Files.readString(file) + "</help>";
            try {
                factory.newSAXParser().parse(new InputSource(new StringReader(wrapped)), new DefaultHandler());
            } catch (Exception e) {
                problems.add(ROOT.relativize(file) + ": " + e.getMessage());
            }
        }
        for (Path file : views) {
            if (!Files.readString(file).contains("escape-by-default='true'")) {
                problems.add(ROOT.relativize(file) + ": lacks <?jelly escape-by-default='true'?>");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDataBoundFieldHasAHelpFile() throws IOException {
        List<String> missing = new ArrayList<>();
        int fields = 0;
        for (Path file : files(PLUGIN.resolve("main/java"), ".java")) {
            CompilationUnit unit = javaParser().parse(file).getResult().orElseThrow();
            String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString().replace('.', '/')).orElse("");
            for (ClassOrInterfaceDeclaration type : unit.findAll(ClassOrInterfaceDeclaration.class)) {
                List<String> names = new ArrayList<>();
                for (ConstructorDeclaration c : type.getConstructors()) {
                    if (c.isAnnotationPresent("DataBoundConstructor")) {
                        c.getParameters().forEach(p -> names.add(p.getNameAsString()));
                    }
                }
                for (MethodDeclaration m : type.getMethods()) {
                    if (m.isAnnotationPresent("DataBoundSetter") && m.getNameAsString().startsWith("set")) {
                        String n = m.getNameAsString().substring(3);
                        names.add(Character.toLowerCase(n.charAt(0)) + n.substring(1));
                    }
                }
                String resourceDir = pkg + "/" + binaryName(type);
                for (String name : names) {
                    fields++;
                    Path helpFile = PLUGIN.resolve("main/resources").resolve(resourceDir).resolve("help-" + name + ".html");
                    if (!Files.exists(helpFile)) {
                        missing.add(ROOT.relativize(helpFile).toString());
                    }
                }
            }
        }
        assertThat(fields).as("data-bound fields").isPositive();
        assertThat(missing).as("help files missing").isEmpty();
    }

    /** {@code Outer$Inner} for a nested class: where Stapler looks for its views and help. */
    private static String binaryName(ClassOrInterfaceDeclaration type) {
        String name = type.getNameAsString();
        var parent = type.getParentNode();
        while (parent.isPresent()) {
            if (parent.get() instanceof ClassOrInterfaceDeclaration outer) {
                name = outer.getNameAsString() + "$" + name;
            }
            parent = parent.get().getParentNode();
        }
        return name;
    }

    /**
     * The plugin's classes that use no Jenkins type (the agent-side work, option parsing, plans)
     * are compiled here for real, against the engine: a change in core that breaks them fails the
     * default build, not only the Jenkins one.
     */
    @Test
    void thePluginClassesWithoutJenkinsTypesCompileAgainstTheEngine() throws IOException {
        List<Path> plain = new ArrayList<>();
        for (Path file : files(PLUGIN.resolve("main/java"), ".java")) {
            CompilationUnit unit = javaParser().parse(file).getResult().orElseThrow();
            boolean usesJenkins = unit.getImports().stream()
                    .anyMatch(i -> JENKINS_PACKAGES.stream().anyMatch(i.getNameAsString()::startsWith));
            if (!usesJenkins) {
                plain.add(file);
            }
        }
        assertThat(plain).as("plugin classes without Jenkins types").hasSizeGreaterThan(3);
        javax.tools.JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
        Path out = Files.createTempDirectory("plugin-plain-classes");
        java.io.StringWriter messages = new java.io.StringWriter();
        try (javax.tools.StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-d", out.toString(),
                    "-classpath", System.getProperty("java.class.path"));
            boolean ok = compiler.getTask(messages, files, null, options, null,
                    files.getJavaFileObjectsFromPaths(plain)).call();
            assertThat(ok).as("javac of " + plain + ":\n" + messages).isTrue();
        }
    }

    /**
     * Every plugin class, the Jenkins glue included, is compiled for real against the engine and against
     * signature-only stubs of the Jenkins APIs it uses (plugin-check/src/stubs/java, written from the sources
     * docs/jenkins-api-usage.md names): a wrong method name, argument type, missing import, unhandled checked
     * exception or misuse of the plugin's own classes fails the default build. It proves consistency with those
     * signatures only; the stubs could be wrong, and nothing here runs (that is the -Pjenkins build's job).
     */
    @Test
    void theWholePluginCompilesAgainstTheEngineAndTheJenkinsStubs(@TempDir Path tmp) throws IOException {
        List<Path> stubs = files(STUBS, ".java");
        List<Path> sources = files(PLUGIN.resolve("main/java"), ".java");
        assertThat(stubs).as("Jenkins API stubs").hasSizeGreaterThan(50);
        assertThat(sources).as("plugin main sources").hasSizeGreaterThan(20);
        String classPath = System.getProperty("java.class.path");
        Path stubClasses = Files.createDirectories(tmp.resolve("stubs"));
        javac(stubs, stubClasses, classPath, "the Jenkins API stubs");
        Path pluginClasses = Files.createDirectories(tmp.resolve("plugin"));
        javac(sources, pluginClasses, stubClasses + java.io.File.pathSeparator + classPath, "the plugin's main sources");
        for (Path source : sources) {
            if (source.getFileName().toString().equals("package-info.java")) {
                continue;
            }
            String name = PLUGIN.resolve("main/java").relativize(source).toString().replace(".java", ".class");
            assertThat(pluginClasses.resolve(name)).as("class compiled from " + ROOT.relativize(source)).exists();
        }
    }

    /**
     * The plugin's test sources (JUnit 5 {@code @WithJenkins} tests and the tests without Jenkins) are compiled for real
     * against the compiled main classes, the engine and its test fixtures (core's test-jar), JUnit 5, and the Jenkins stubs
     * plus the stubs of the test-scoped artifacts (src/test-stubs/java: jenkins-test-harness, HtmlUnit, workflow-job,
     * workflow-step-api's StepConfigTester). As for the main sources, this proves consistency with those signatures only.
     */
    @Test
    void thePluginTestsCompileAgainstThePluginTheTestHarnessAndTheStubs(@TempDir Path tmp) throws IOException {
        List<Path> stubs = new ArrayList<>(files(STUBS, ".java"));
        List<Path> testStubs = files(TEST_STUBS, ".java");
        List<Path> main = files(PLUGIN.resolve("main/java"), ".java");
        List<Path> tests = files(PLUGIN.resolve("test/java"), ".java");
        assertThat(testStubs).as("test-harness stubs").hasSizeGreaterThan(5);
        assertThat(tests).as("plugin test sources").hasSizeGreaterThan(5);
        String classPath = System.getProperty("java.class.path");
        String sep = java.io.File.pathSeparator;
        Path stubClasses = Files.createDirectories(tmp.resolve("stubs"));
        javac(stubs, stubClasses, classPath, "the Jenkins API stubs");
        Path pluginClasses = Files.createDirectories(tmp.resolve("plugin"));
        javac(main, pluginClasses, stubClasses + sep + classPath, "the plugin's main sources");
        Path testStubClasses = Files.createDirectories(tmp.resolve("test-stubs"));
        javac(testStubs, testStubClasses, stubClasses + sep + classPath, "the test-harness stubs");
        Path testClasses = Files.createDirectories(tmp.resolve("plugin-tests"));
        javac(tests, testClasses, String.join(sep, pluginClasses.toString(), testStubClasses.toString(),
                stubClasses.toString(), classPath), "the plugin's test sources");
        for (Path source : tests) {
            String name = PLUGIN.resolve("test/java").relativize(source).toString().replace(".java", ".class");
            assertThat(testClasses.resolve(name)).as("class compiled from " + ROOT.relativize(source)).exists();
        }
    }

    private static List<Path> allStubs() throws IOException {
        List<Path> all = new ArrayList<>(files(STUBS, ".java"));
        all.addAll(files(TEST_STUBS, ".java"));
        return all;
    }

    /** The stubs only declare Jenkins (and library) types, never the plugin's or the engine's. */
    @Test
    void theStubsDeclareNoPluginOrEngineType() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path stub : allStubs()) {
            String pkg = javaParser().parse(stub).getResult().orElseThrow().getPackageDeclaration()
                    .map(p -> p.getNameAsString()).orElse("");
            if (pkg.isEmpty() || pkg.startsWith("io.multiarch")) {
                wrong.add(ROOT.relativize(stub).toString());
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** Every stub names the source it was written from: its path (e.g. hudson/model/Run.java) is in the ledger. */
    @Test
    void everyStubbedTypeIsInTheApiLedger() throws IOException {
        String text = Files.readString(ROOT.resolve("docs/jenkins-api-usage.md"));
        List<String> unlisted = new ArrayList<>();
        for (Path stub : allStubs()) {
            Path folder = stub.startsWith(TEST_STUBS) ? TEST_STUBS : STUBS;
            String path = folder.relativize(stub).toString().replace(java.io.File.separatorChar, '/');
            if (!text.contains(path)) {
                unlisted.add(path);
            }
        }
        assertThat(unlisted).as("stubs missing from docs/jenkins-api-usage.md").isEmpty();
    }

    private static void javac(List<Path> sources, Path out, String classPath, String what) throws IOException {
        javax.tools.JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.io.StringWriter messages = new java.io.StringWriter();
        try (javax.tools.StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:none", "-Xmaxerrs", "1000",
                    "-d", out.toString(), "-classpath", classPath);
            boolean ok = compiler.getTask(messages, fileManager, null, options, null,
                    fileManager.getJavaFileObjectsFromPaths(sources)).call();
            assertThat(ok).as("javac of " + what + ":\n" + messages).isTrue();
        }
    }

    @Test
    void everyJenkinsTypeThePluginImportsIsInTheApiLedger() throws IOException {
        Path ledger = ROOT.resolve("docs/jenkins-api-usage.md");
        assertThat(ledger).exists();
        String text = Files.readString(ledger);
        List<String> unlisted = new ArrayList<>();
        for (Path file : files(PLUGIN.resolve("main/java"), ".java")) {
            CompilationUnit unit = javaParser().parse(file).getResult().orElseThrow();
            unit.getImports().forEach(i -> {
                String name = i.getNameAsString();
                if (JENKINS_PACKAGES.stream().anyMatch(name::startsWith) && !i.isAsterisk()) {
                    String simple = name.substring(name.lastIndexOf('.') + 1);
                    if (!text.contains(simple)) {
                        unlisted.add(ROOT.relativize(file) + " imports " + name);
                    }
                }
            });
        }
        assertThat(unlisted).as("Jenkins types missing from docs/jenkins-api-usage.md").isEmpty();
    }
}
