// The archetype plugin writes files without their modes: the generated Maven Wrapper
// script would not run as ./mvnw. Runs after generation, in the archetype plugin.
def mvnw = new File(new File(request.outputDirectory, request.artifactId), 'mvnw')
if (mvnw.isFile() && !mvnw.setExecutable(true, false)) {
    println "Could not make ${mvnw} executable: run chmod +x mvnw"
}
